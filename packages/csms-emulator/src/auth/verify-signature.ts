/**
 * SDK-HMAC-SHA256 verification as the API gateway does it (docs/csms-api.md §7.1), with the one canonicaliser the
 * client signs with: the canonical request is rebuilt from the received method, the raw wire path, the raw
 * query, exactly the headers named in SignedHeaders and the hash of the raw body bytes (or the
 * X-Sdk-Content-Sha256 value). Each failure is a 401 APIGW.0301 with its own message.
 */
import type { IncomingHttpHeaders } from 'node:http';
import {
  canonicalHeaders,
  canonicalQuery,
  canonicalUri,
  parseRawQuery,
  parseSdkDate,
  payloadHash,
} from '@csms-console/csms-client/signing';
import { gateway } from '../http/errors.js';
import { StringMemo } from '../memo.js';
import { sha256Hex } from './hmac.js';
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
const canonicalUris = new StringMemo(canonicalUri);

/**
 * The canonical request of docs/csms-api.md §7.1, assembled from the signing module's own parts exactly as its
 * `canonicalRequest()` joins them (a test holds the two equal).
 */
export function receivedCanonicalRequest(
  request: SignedRequest,
  signedHeaderNames: readonly string[],
  signedHeaders: Readonly<Record<string, string>>,
): string {
  return joinCanonicalRequest(
    request,
    signedHeaderNames.join(';'),
    canonicalHeaders(signedHeaders, signedHeaderNames),
  );
}

function joinCanonicalRequest(request: SignedRequest, signedHeaders: string, headerBlock: string): string {
  const query = request.rawQuery === '' ? '' : canonicalQuery(parseRawQuery(request.rawQuery));
  const hash = payloadHash(request.body, asString(request.headers['x-sdk-content-sha256']));
  return `${upperCase(request.method)}\n${canonicalUris.get(request.rawPath)}\n${query}\n${headerBlock}\n${signedHeaders}\n${hash}`;
}

/**
 * `canonicalHeaders()` of the received values of the signed headers (a header signed but not received, or
 * named like an Object.prototype member, counts as empty), without building the record first.
 */
function receivedHeaderBlock(headers: IncomingHttpHeaders, names: readonly string[]): string {
  let out = '';
  for (const name of names) out += `${name}:${(headerValue(headers, name) ?? '').trim()}\n`;
  return out;
}

/**
 * `parseAuthorization()` of the signing module (its pattern, with the trimming folded in; a test holds the two
 * equal), keeping what the check needs as received: SignedHeaders as one string (the canonical request's
 * signed-headers line, no re-join) and the signature in its own case (compared ignoring case).
 */
const AUTHORIZATION =
  /^\s*SDK-HMAC-SHA256 +Access=([^,\s]+), *SignedHeaders=([^,\s]+), *Signature=([0-9a-fA-F]+)\s*$/;

export interface ReceivedAuthorization {
  accessKey: string;
  signedHeaders: string;
  signedHeaderNames: readonly string[];
  /** Hex digits, any case. */
  signature: string;
}

/** SignedHeaders values split once each (clients sign the same header set every time). */
const splitNames = new StringMemo((signedHeaders) => Object.freeze(signedHeaders.split(';')), 1024);

export function parseReceivedAuthorization(value: string): ReceivedAuthorization | undefined {
  const m = AUTHORIZATION.exec(value);
  if (!m) return undefined;
  const signedHeaders = m[2]!;
  return {
    accessKey: m[1]!,
    signedHeaders,
    signedHeaderNames: splitNames.get(signedHeaders),
    signature: m[3]!,
  };
}

/** Constant-time: is `received` (hex digits, any case) the lower-case hex `expected`? */
function sameHex(expected: string, received: string): boolean {
  if (expected.length !== received.length) return false;
  let diff = 0;
  // A hex digit ORed with 0x20 is its lower-case form (digits already have that bit).
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ (received.charCodeAt(i) | 0x20);
  return diff === 0;
}

/** A received header value as one string (repeated headers joined with commas). */
const asString = (value: string | string[] | undefined): string | undefined =>
  typeof value === 'string' ? value : Array.isArray(value) ? value.join(',') : undefined;

/**
 * A header's value as received, by a name that came off the wire: only own values count (a signed
 * `__proto__` or `constructor` is just missing). Fixed names are read directly with `asString`.
 */
const headerValue = (headers: IncomingHttpHeaders, name: string): string | undefined =>
  Object.hasOwn(headers, name) ? asString(headers[name]) : undefined;

/** node gives the methods it parses in upper case already; anything else is upper-cased. */
const upperCase = (method: string): string =>
  method === 'GET' || method === 'PUT' || method === 'POST' || method === 'DELETE'
    ? method
    : method.toUpperCase();

export function verifySignature(
  request: SignedRequest,
  now: number,
  lookup: (accessKey: string) => CredentialEntry | undefined,
): CredentialEntry {
  const parsed = parseReceivedAuthorization(asString(request.headers.authorization) ?? '');
  if (!parsed)
    throw gateway.unauthorized('the Authorization header is not a valid SDK-HMAC-SHA256 signature');
  const names = parsed.signedHeaderNames;
  if (!names.includes('host') || !names.includes('x-sdk-date'))
    throw gateway.unauthorized('SignedHeaders must include host and x-sdk-date');

  const sdkDate = asString(request.headers['x-sdk-date']) ?? '';
  const dateMs = sdkDateMs(sdkDate);
  if (dateMs === undefined)
    throw gateway.unauthorized('X-Sdk-Date is missing or not in the form YYYYMMDDTHHMMSSZ');
  if (Math.abs(now - dateMs) > MAX_CLOCK_SKEW_MS)
    throw gateway.unauthorized(
      'the request has expired: X-Sdk-Date is more than 15 minutes from the server time',
    );

  const entry = lookup(parsed.accessKey);
  if (!entry) throw gateway.unauthorized(`Get secretKey failed,ak:${parsed.accessKey},err:ak not exist`);

  const canonical = joinCanonicalRequest(
    request,
    parsed.signedHeaders,
    receivedHeaderBlock(request.headers, names),
  );
  // String to sign and HMAC exactly as the signing module defines them, on one-shot hashing (see hmac.ts).
  const expected = entry.key.signatureHex(sdkDate, sha256Hex(canonical));
  if (!sameHex(expected, parsed.signature)) throw gateway.unauthorized('verify aksk signature fail');

  const token = entry.credential.securityToken;
  if (token !== undefined) {
    if (!names.includes('x-security-token'))
      throw gateway.unauthorized(
        'X-Security-Token is required and must be signed for a temporary access key',
      );
    if (asString(request.headers['x-security-token']) !== token)
      throw gateway.unauthorized('verify security token fail');
  }
  return entry;
}
