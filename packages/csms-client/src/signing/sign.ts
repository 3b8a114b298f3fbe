/** SDK-HMAC-SHA256 string to sign, signature and `Authorization` header (docs/csms-api.md §7.1). Pure; clock injected. */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalRequest, payloadHash, sha256Hex, type QueryPairs } from './canonical-request.js';

export const ALGORITHM = 'SDK-HMAC-SHA256';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `YYYYMMDDTHHmmssZ` in UTC, the `X-Sdk-Date` format. */
export function formatSdkDate(date: Date): string {
  return (
    `${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}` +
    `T${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`
  );
}

const SDK_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** Parses `YYYYMMDDTHHmmssZ`; undefined when malformed or not a real calendar instant. */
export function parseSdkDate(value: string): Date | undefined {
  const m = SDK_DATE.exec(value);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return formatSdkDate(date) === value ? date : undefined;
}

export function stringToSign(sdkDate: string, canonicalRequestText: string): string {
  return `${ALGORITHM}\n${sdkDate}\n${sha256Hex(canonicalRequestText)}`;
}

export function signature(secretKey: string, stringToSignText: string): string {
  return createHmac('sha256', secretKey).update(stringToSignText).digest('hex');
}

export function authorizationHeader(
  accessKey: string,
  signedHeaderNames: readonly string[],
  sig: string,
): string {
  return `${ALGORITHM} Access=${accessKey}, SignedHeaders=${signedHeaderNames.join(';')}, Signature=${sig}`;
}

export interface ParsedAuthorization {
  accessKey: string;
  signedHeaderNames: string[];
  signature: string;
}

const AUTHORIZATION =
  /^SDK-HMAC-SHA256 +Access=([^,\s]+), *SignedHeaders=([^,\s]+), *Signature=([0-9a-fA-F]+)$/;

/** Parses an `Authorization: SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…` value. */
export function parseAuthorization(value: string): ParsedAuthorization | undefined {
  const m = AUTHORIZATION.exec(value.trim());
  if (!m) return undefined;
  return { accessKey: m[1]!, signedHeaderNames: m[2]!.split(';'), signature: m[3]!.toLowerCase() };
}

/** Constant-time comparison of two hex signatures. */
export function signaturesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

export interface SignInput {
  method: string;
  /** Path as it will be sent on the wire (percent-encoded), without query. */
  path: string;
  /** Decoded query pairs, in the order they will be sent. */
  query?: QueryPairs;
  /** Headers to sign, any case; `host` must be present. `X-Sdk-Date` is added from `date` when absent. */
  headers: Readonly<Record<string, string>>;
  body?: string | Uint8Array;
  accessKey: string;
  secretKey: string;
  date: Date;
}

export interface SignedRequest {
  /** Lower-case signed headers plus `authorization`: what to send. */
  headers: Record<string, string>;
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
}

/** Signs a request the way the official SDK does: every header present at signing time is signed. */
export function signRequest(input: SignInput): SignedRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.headers)) headers[name.toLowerCase()] = value;
  headers['x-sdk-date'] ??= formatSdkDate(input.date);
  const signedHeaderNames = Object.keys(headers).sort();
  const canonical = canonicalRequest({
    method: input.method,
    path: input.path,
    query: input.query ?? [],
    headers,
    signedHeaderNames,
    payloadHash: payloadHash(input.body, headers['x-sdk-content-sha256']),
  });
  const sts = stringToSign(headers['x-sdk-date'], canonical);
  const sig = signature(input.secretKey, sts);
  headers.authorization = authorizationHeader(input.accessKey, signedHeaderNames, sig);
  return { headers, canonicalRequest: canonical, stringToSign: sts, signature: sig };
}
