/**
 * HMAC-SHA256 (RFC 2104) with the key's pads computed once per credential and written into reusable buffers,
 * over node's one-shot `crypto.hash`: no Hmac/Hash stream objects and almost no allocation per request. The
 * inner digest comes back as a 32-character binary (latin1) string and is copied into the outer block.
 *
 * `signatureHex` is the verifier's path: its string to sign (`SDK-HMAC-SHA256\n<X-Sdk-Date>\n<64 hex>`) is
 * pure ASCII of a fixed length, so it lives in its own buffer behind the ipad block with the algorithm line
 * written once; a request only fills in its date and canonical-request hash. Tests hold both paths equal to
 * the signing module's `signature()` and the worked examples.
 */
import { hash } from 'node:crypto';

const BLOCK = 64;
const DIGEST = 32;
const ALGORITHM_LINE = 'SDK-HMAC-SHA256\n';
const SDK_DATE_LENGTH = 16;
const HEX_DIGEST_LENGTH = 64;
const DATE_AT = BLOCK + ALGORITHM_LINE.length;
const HASH_AT = DATE_AT + SDK_DATE_LENGTH + 1;
const STRING_TO_SIGN_END = HASH_AT + HEX_DIGEST_LENGTH;

/**
 * Copies each character code of a string into `buffer` at `offset`, one byte each, and returns the codes ORed
 * together (above 0x7f: not ASCII, the copy is not the string's UTF-8). For these short strings cheaper than
 * `Buffer.write` and its argument handling.
 */
function copyCodes(text: string, buffer: Buffer, offset: number): number {
  let all = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    all |= code;
    buffer[offset + i] = code;
  }
  return all;
}

export class HmacSha256Key {
  /** ipad-key followed by room for a message. */
  private inner: Buffer;
  /** `inner` cut to the last message length. */
  private innerView: Buffer;
  /** ipad-key, then the string to sign of an SDK-HMAC-SHA256 signature. */
  private readonly signing: Buffer;
  /** opad-key followed by the inner digest. */
  private readonly outer = Buffer.alloc(BLOCK + DIGEST);

  constructor(secret: string) {
    let key = Buffer.from(secret, 'utf8');
    if (key.length > BLOCK) key = hash('sha256', key, 'buffer');
    const block = Buffer.alloc(BLOCK);
    key.copy(block);
    this.inner = Buffer.alloc(BLOCK + 512);
    this.innerView = this.inner.subarray(0, BLOCK);
    for (let i = 0; i < BLOCK; i++) {
      this.inner[i] = block[i]! ^ 0x36;
      this.outer[i] = block[i]! ^ 0x5c;
    }
    this.signing = Buffer.alloc(STRING_TO_SIGN_END);
    this.inner.copy(this.signing, 0, 0, BLOCK);
    copyCodes(ALGORITHM_LINE, this.signing, BLOCK);
    this.signing[HASH_AT - 1] = 0x0a;
  }

  /** Lower-case hex HMAC of the UTF-8 message. */
  hex(message: string): string {
    // A UTF-16 code unit is at most 3 UTF-8 bytes: with that much room, write without measuring first.
    if (BLOCK + message.length * 3 > this.inner.length) {
      const length = Buffer.byteLength(message, 'utf8');
      if (BLOCK + length > this.inner.length) {
        const grown = Buffer.alloc(BLOCK + length);
        this.inner.copy(grown, 0, 0, BLOCK);
        this.inner = grown;
        this.innerView = grown.subarray(0, BLOCK);
      }
    }
    const end = BLOCK + this.inner.write(message, BLOCK, 'utf8');
    if (this.innerView.length !== end) this.innerView = this.inner.subarray(0, end);
    return this.outerHex(hash('sha256', this.innerView, 'binary'));
  }

  /**
   * `hex("SDK-HMAC-SHA256\n" + sdkDate + "\n" + canonicalRequestHash)`, the signature of docs/csms-api.md §7.1.
   * Any other shape of arguments (not 16 and 64 ASCII characters) takes the general path.
   */
  signatureHex(sdkDate: string, canonicalRequestHash: string): string {
    if (
      sdkDate.length !== SDK_DATE_LENGTH ||
      canonicalRequestHash.length !== HEX_DIGEST_LENGTH ||
      (copyCodes(sdkDate, this.signing, DATE_AT) | copyCodes(canonicalRequestHash, this.signing, HASH_AT)) >
        0x7f
    )
      return this.hex(`${ALGORITHM_LINE}${sdkDate}\n${canonicalRequestHash}`);
    return this.outerHex(hash('sha256', this.signing, 'binary'));
  }

  private outerHex(innerDigest: string): string {
    copyCodes(innerDigest, this.outer, BLOCK);
    return hash('sha256', this.outer, 'hex');
  }
}

export const sha256Hex = (text: string): string => hash('sha256', text, 'hex');

/** Constant-time comparison of two strings of the same length (hex signatures). */
export function sameString(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
