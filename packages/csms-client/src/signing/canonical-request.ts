/**
 * The canonical request of SDK-HMAC-SHA256 (docs/csms-api.md §7.1), one small pure function per part.
 * Shared by the client (to sign) and the emulator (to verify), and refereed in tests by the official
 * `@huaweicloud/huaweicloud-sdk-core` signer and the golden vectors, so a shared bug cannot hide.
 */
import { createHash } from 'node:crypto';

export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

const UNRESERVED = /^[A-Za-z0-9\-_.~]*$/;
const RESERVED_BY_RFC3986 = /[!'()*]/g;

/**
 * Percent-encodes everything but the RFC 3986 unreserved set (`A-Z a-z 0-9 - _ . ~`), as `%XX` upper-case
 * hex of the UTF-8 bytes. Matches the official SDK's `urlEncode` for every well-formed string.
 */
export function uriEncode(value: string): string {
  if (UNRESERVED.test(value)) return value;
  return encodeURIComponent(value).replace(
    RESERVED_BY_RFC3986,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * The path exactly as it travels on the wire (already percent-encoded), each segment encoded once more,
 * with a trailing `/` appended when missing. Like the SDK, segments are not decoded first: a `%` becomes `%25`.
 */
export function canonicalUri(wirePath: string): string {
  const encoded = wirePath.split('/').map(uriEncode).join('/');
  return encoded.endsWith('/') ? encoded : `${encoded}/`;
}

export type QueryPairs = ReadonlyArray<readonly [name: string, value: string]>;

/** Decoded name/value pairs: names sorted, values of a repeated name sorted, `enc(name)=enc(value)` joined by `&`. */
export function canonicalQuery(pairs: QueryPairs): string {
  if (pairs.length === 0) return '';
  const byName = new Map<string, string[]>();
  for (const [name, value] of pairs) {
    const values = byName.get(name);
    if (values) values.push(value);
    else byName.set(name, [value]);
  }
  const parts: string[] = [];
  for (const name of [...byName.keys()].sort()) {
    const encodedName = uriEncode(name);
    for (const value of byName.get(name)!.sort()) parts.push(`${encodedName}=${uriEncode(value)}`);
  }
  return parts.join('&');
}

/** Parses a raw query string as received (`a=1&b=%20x`, `+` as space) into decoded pairs, in order. */
export function parseRawQuery(rawQuery: string): Array<[string, string]> {
  const query = rawQuery.startsWith('?') ? rawQuery.slice(1) : rawQuery;
  if (query === '') return [];
  return [...new URLSearchParams(query)];
}

/** `name:value\n` for each signed header in the given order; names lower-case, values trimmed of spaces. */
export function canonicalHeaders(
  headers: Readonly<Record<string, string>>,
  signedHeaderNames: readonly string[],
): string {
  let out = '';
  for (const name of signedHeaderNames) out += `${name}:${(headers[name] ?? '').trim()}\n`;
  return out;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Hex SHA-256 of the exact body bytes, the empty-body hash for none, or `X-Sdk-Content-Sha256` when present. */
export function payloadHash(body: string | Uint8Array | undefined, contentSha256?: string): string {
  if (contentSha256) return contentSha256;
  if (body === undefined || body.length === 0) return EMPTY_BODY_SHA256;
  return sha256Hex(body);
}

export interface CanonicalRequestParts {
  method: string;
  /** The path as sent on the wire, without query. */
  path: string;
  query: QueryPairs;
  /** Lower-case header names to values. */
  headers: Readonly<Record<string, string>>;
  /** Lower-case, sorted, as listed in `SignedHeaders`. */
  signedHeaderNames: readonly string[];
  payloadHash: string;
}

export function canonicalRequest(parts: CanonicalRequestParts): string {
  return [
    parts.method.toUpperCase(),
    canonicalUri(parts.path),
    canonicalQuery(parts.query),
    canonicalHeaders(parts.headers, parts.signedHeaderNames),
    parts.signedHeaderNames.join(';'),
    parts.payloadHash,
  ].join('\n');
}
