/**
 * HMAC-SHA256 (RFC 2104) with the key's pads computed once per credential and written into reusable buffers,
 * over node's one-shot `crypto.hash`: no Hmac/Hash stream objects and almost no allocation per request.
 * Tests hold it equal to the signing module's `signature()` and the worked examples.
 */
import { hash } from 'node:crypto';

const BLOCK = 64;
const DIGEST = 32;

export class HmacSha256Key {
  /** ipad-key followed by room for the message. */
  private inner: Buffer;
  /** opad-key followed by the inner digest. */
  private readonly outer = Buffer.alloc(BLOCK + DIGEST);

  constructor(secret: string) {
    let key = Buffer.from(secret, 'utf8');
    if (key.length > BLOCK) key = hash('sha256', key, 'buffer');
    const block = Buffer.alloc(BLOCK);
    key.copy(block);
    this.inner = Buffer.alloc(BLOCK + 512);
    for (let i = 0; i < BLOCK; i++) {
      this.inner[i] = block[i]! ^ 0x36;
      this.outer[i] = block[i]! ^ 0x5c;
    }
  }

  /** Lower-case hex HMAC of the UTF-8 message. */
  hex(message: string): string {
    const length = Buffer.byteLength(message, 'utf8');
    if (BLOCK + length > this.inner.length) {
      const grown = Buffer.alloc(BLOCK + length);
      this.inner.copy(grown, 0, 0, BLOCK);
      this.inner = grown;
    }
    this.inner.write(message, BLOCK, 'utf8');
    hash('sha256', this.inner.subarray(0, BLOCK + length), 'buffer').copy(this.outer, BLOCK);
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
