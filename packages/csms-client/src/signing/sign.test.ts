import { describe, expect, it } from 'vitest';
import { canonicalQuery, canonicalUri, parseRawQuery, sha256Hex, uriEncode } from './canonical-request.js';
import { formatSdkDate, parseAuthorization, parseSdkDate, signRequest } from './sign.js';
import { WORKED_EXAMPLES as W } from './vectors.js';

const baseHeaders = {
  'Content-Type': 'application/json',
  Host: W.host,
  'X-Project-Id': W.credentials.projectId,
  'X-Sdk-Date': W.sdkDate,
};

describe('worked examples of docs/csms-api.md §7.1', () => {
  it('A. UpdateVersion: canonical request, string to sign and Authorization byte for byte', () => {
    const signed = signRequest({
      ...W.updateVersion,
      headers: baseHeaders,
      accessKey: W.credentials.accessKey,
      secretKey: W.credentials.secretKey,
      date: new Date(0),
    });
    expect(signed.canonicalRequest).toBe(W.updateVersion.canonicalRequest);
    expect(signed.stringToSign).toBe(W.updateVersion.stringToSign);
    expect(signed.headers.authorization).toBe(W.updateVersion.authorization);
  });

  it('B. ListSecretVersions with a query and an empty body', () => {
    const signed = signRequest({
      ...W.listSecretVersions,
      headers: baseHeaders,
      accessKey: W.credentials.accessKey,
      secretKey: W.credentials.secretKey,
      date: new Date(0),
    });
    expect(sha256Hex(signed.canonicalRequest)).toBe(W.listSecretVersions.canonicalRequestSha256);
    expect(signed.signature).toBe(W.listSecretVersions.signature);
  });
});

describe('canonical parts', () => {
  it('keeps the unreserved set and encodes the rest as upper-case UTF-8 hex', () => {
    expect(uriEncode('AZaz09-_.~')).toBe('AZaz09-_.~');
    expect(uriEncode("!'()* /+=&é😀")).toBe('%21%27%28%29%2A%20%2F%2B%3D%26%C3%A9%F0%9F%98%80');
  });

  it('appends a trailing slash and encodes a percent again, as the SDK does', () => {
    expect(canonicalUri('/v1/p/secrets')).toBe('/v1/p/secrets/');
    expect(canonicalUri('/v1/p/')).toBe('/v1/p/');
    expect(canonicalUri('/v1/a%20b')).toBe('/v1/a%2520b/');
  });

  it('sorts names and the values of a repeated name', () => {
    expect(
      canonicalQuery([
        ['b', '2'],
        ['a', 'z'],
        ['a', 'y x'],
      ]),
    ).toBe('a=y%20x&a=z&b=2');
    expect(canonicalQuery(parseRawQuery('?marker=v3&limit=10'))).toBe('limit=10&marker=v3');
    expect(canonicalQuery(parseRawQuery('q=a+b%2Bc'))).toBe('q=a%20b%2Bc');
  });

  it('formats and strictly parses X-Sdk-Date', () => {
    expect(formatSdkDate(new Date(Date.UTC(2024, 0, 1, 0, 0, 0)))).toBe('20240101T000000Z');
    expect(parseSdkDate('20240101T000000Z')?.getTime()).toBe(Date.UTC(2024, 0, 1));
    expect(parseSdkDate('20240230T000000Z')).toBeUndefined();
    expect(parseSdkDate('2024-01-01T00:00:00Z')).toBeUndefined();
  });

  it('parses the Authorization header it writes', () => {
    expect(parseAuthorization(W.updateVersion.authorization)).toEqual({
      accessKey: 'AKEXAMPLE0000000000',
      signedHeaderNames: ['content-type', 'host', 'x-project-id', 'x-sdk-date'],
      signature: '11006f5a8d7891638f50f5431d2a79b210990915b1272828a1c22f7b82e1f7ac',
    });
    expect(parseAuthorization('Bearer abc')).toBeUndefined();
  });
});
