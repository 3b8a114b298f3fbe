/**
 * SDK-HMAC-SHA256 verification as the API gateway does it (csms-api.md §7.1), with the one canonicaliser the
 * client signs with: the canonical request is rebuilt from the received method, the raw wire path, the raw
 * query, exactly the headers named in SignedHeaders and the hash of the raw body bytes (or the
 * X-Sdk-Content-Sha256 value). Each failure is a 401 APIGW.0301 with its own message.
 */
import type { IncomingHttpHeaders } from 'node:http';
import {
  canonicalHeaders,
  canonicalQuery,
  canonicalUri,
  parseAuthorization,
  parseRawQuery,
  parseSdkDate,
  payloadHash,
} from '@csms-console/csms-client/signing';
import { gateway } from '../http/errors.js';
import { sameString, sha256Hex } from './hmac.js';
import type { CredentialEntry } from './identity.js';

/** The gateway's tolerance between X-Sdk-Date and its own clock. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

export interface SignedRequest {
  method: string;
  /** Path exactly as received (still percent-encoded), without the query. */
  rawPath: string;
  /** Query exactly as received, without `?`. */
  rawQuery: string;
  headers: IncomingHttpHeaders;
  body: Buffer | undefined;
}

/** One-entry memo: callers sign many requests within the same second. */
let lastDate: { text: string; ms: number | undefined } = { text: '', ms: undefined };
function sdkDateMs(text: string): number | undefined {
  if (text !== lastDate.text) lastDate = { text, ms: parseSdkDate(text)?.getTime() };
  return lastDate.ms;
}

/** canonicalUri is a pure function of the raw path and clients call the same paths over and over. */
const canonicalUris = new Map<string, string>();
function memoCanonicalUri(rawPath: string): string {
  let uri = canonicalUris.get(rawPath);
  if (uri === undefined) {
    uri = canonicalUri(rawPath);
    if (canonicalUris.size >= 4096) canonicalUris.clear();
    canonicalUris.set(rawPath, uri);
  }
  return uri;
}

/**
 * The canonical request of csms-api.md §7.1, assembled from the signing module's own parts exactly as its
 * `canonicalRequest()` joins them (a test holds the two equal).
 */
export function receivedCanonicalRequest(
  request: SignedRequest,
  signedHeaderNames: readonly string[],
  signedHeaders: Readonly<Record<string, string>>,
): string {
  const query = request.rawQuery === '' ? '' : canonicalQuery(parseRawQuery(request.rawQuery));
  const hash = payloadHash(request.body, headerValue(request.headers, 'x-sdk-content-sha256'));
  return `${request.method.toUpperCase()}\n${memoCanonicalUri(request.rawPath)}\n${query}\n${canonicalHeaders(signedHeaders, signedHeaderNames)}\n${signedHeaderNames.join(';')}\n${hash}`;
}

/** A header's value as received; only own string values count (a signed `__proto__` is just missing). */
const headerValue = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  if (!Object.hasOwn(headers, name)) return undefined;
  const value = headers[name];
  if (typeof value === 'string') return value;
  return Array.isArray(value) ? value.join(',') : undefined;
};

export function verifySignature(
  request: SignedRequest,
  now: number,
  lookup: (accessKey: string) => CredentialEntry | undefined,
): CredentialEntry {
  const parsed = parseAuthorization(headerValue(request.headers, 'authorization') ?? '');
  if (!parsed)
    throw gateway.unauthorized('the Authorization header is not a valid SDK-HMAC-SHA256 signature');
  const names = parsed.signedHeaderNames;
  if (!names.includes('host') || !names.includes('x-sdk-date'))
    throw gateway.unauthorized('SignedHeaders must include host and x-sdk-date');

  const sdkDate = headerValue(request.headers, 'x-sdk-date') ?? '';
  const dateMs = sdkDateMs(sdkDate);
  if (dateMs === undefined)
    throw gateway.unauthorized('X-Sdk-Date is missing or not in the form YYYYMMDDTHHMMSSZ');
  if (Math.abs(now - dateMs) > MAX_CLOCK_SKEW_MS)
    throw gateway.unauthorized(
      'the request has expired: X-Sdk-Date is more than 15 minutes from the server time',
    );

  const entry = lookup(parsed.accessKey);
  if (!entry) throw gateway.unauthorized(`Get secretKey failed,ak:${parsed.accessKey},err:ak not exist`);

  // Null prototype: a signed header named `__proto__` or `constructor` is just a (missing) header.
  const signed = Object.create(null) as Record<string, string>;
  for (const name of names) signed[name] = headerValue(request.headers, name) ?? '';
  const canonical = receivedCanonicalRequest(request, names, signed);
  // String to sign and HMAC exactly as the signing module defines them, on one-shot hashing (see hmac.ts).
  const expected = entry.key.hex(`SDK-HMAC-SHA256\n${sdkDate}\n${sha256Hex(canonical)}`);
  if (!sameString(expected, parsed.signature)) throw gateway.unauthorized('verify aksk signature fail');

  const token = entry.credential.securityToken;
  if (token !== undefined) {
    if (!names.includes('x-security-token'))
      throw gateway.unauthorized(
        'X-Security-Token is required and must be signed for a temporary access key',
      );
    if (headerValue(request.headers, 'x-security-token') !== token)
      throw gateway.unauthorized('verify security token fail');
  }
  return entry;
}
