import {
  WORKED_EXAMPLES,
  canonicalRequest,
  parseRawQuery,
  signature,
  stringToSign,
} from '@csms-console/csms-client/signing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HmacSha256Key, sameString, sha256Hex } from './hmac.js';
import { IdentityRegistry } from './identity.js';
import { receivedCanonicalRequest, verifySignature } from './verify-signature.js';

describe('HmacSha256Key', () => {
  it('equals the signing module for keys and messages of any length', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.string({ maxLength: 2000 }), (key, message) => {
        const ours = new HmacSha256Key(key);
        expect(ours.hex(message)).toBe(signature(key, message));
        expect(ours.hex(message)).toBe(signature(key, message));
      }),
      { numRuns: 300 },
    );
  });

  it('compares in constant time', () => {
    expect(sameString('abc', 'abc')).toBe(true);
    expect(sameString('abc', 'abd')).toBe(false);
    expect(sameString('abc', 'ab')).toBe(false);
  });
});

describe('receivedCanonicalRequest', () => {
  it('equals canonicalRequest() of the signing module, and its hash the string to sign', () => {
    const segment = fc.string({ maxLength: 8 }).map(encodeURIComponent);
    fc.assert(
      fc.property(
        fc.array(segment, { minLength: 1, maxLength: 5 }),
        fc.array(fc.tuple(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 })), { maxLength: 4 }),
        fc.constantFrom('GET', 'put', 'POST'),
        fc.option(fc.string({ maxLength: 50 }), { nil: undefined }),
        (segments, query, method, body) => {
          const rawPath = `/${segments.join('/')}`;
          const rawQuery = new URLSearchParams(query).toString();
          const headers = {
            host: 'h:1',
            'x-sdk-date': '20300101T000000Z',
            'content-type': ' application/json ',
          };
          const names = ['content-type', 'host', 'x-sdk-date'];
          const bodyBuffer = body === undefined ? undefined : Buffer.from(body);
          const ours = receivedCanonicalRequest(
            { method, rawPath, rawQuery, headers, body: bodyBuffer },
            names,
            headers,
          );
          const theirs = canonicalRequest({
            method,
            path: rawPath,
            query: parseRawQuery(rawQuery),
            headers,
            signedHeaderNames: names,
            payloadHash: sha256Hex(body ?? ''),
          });
          expect(ours).toBe(theirs);
          expect(`SDK-HMAC-SHA256\n20300101T000000Z\n${sha256Hex(ours)}`).toBe(
            stringToSign('20300101T000000Z', theirs),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('verifySignature on the golden vectors (csms-api.md §7.1 worked examples)', () => {
  const { credentials, host, sdkDate } = WORKED_EXAMPLES;
  const registry = new IdentityRegistry([
    { accessKey: credentials.accessKey, secretKey: credentials.secretKey },
  ]);
  const now = Date.UTC(2024, 0, 1);

  const names = ['content-type', 'host', 'x-project-id', 'x-sdk-date'];
  const request = (
    method: string,
    rawPath: string,
    query: ReadonlyArray<[string, string]>,
    body: string,
    authorization: string,
  ) => {
    const headers = {
      'content-type': 'application/json',
      host,
      'x-project-id': credentials.projectId,
      'x-sdk-date': sdkDate,
      authorization,
    };
    const rawQuery = new URLSearchParams(query as Array<[string, string]>).toString();
    return { method, rawPath, rawQuery, headers, body: body === '' ? undefined : Buffer.from(body) };
  };

  it('accepts example A (UpdateVersion)', () => {
    const a = WORKED_EXAMPLES.updateVersion;
    const req = request(a.method, a.path, a.query, a.body, a.authorization);
    expect(receivedCanonicalRequest(req, names, req.headers)).toBe(a.canonicalRequest);
    expect(verifySignature(req, now, (ak) => registry.credential(ak)).credential.accessKey).toBe(
      credentials.accessKey,
    );
  });

  it('accepts example B (ListSecretVersions)', () => {
    const b = WORKED_EXAMPLES.listSecretVersions;
    const authorization = `SDK-HMAC-SHA256 Access=${credentials.accessKey}, SignedHeaders=${names.join(';')}, Signature=${b.signature}`;
    const req = request(b.method, b.path, b.query, b.body, authorization);
    expect(sha256Hex(receivedCanonicalRequest(req, names, req.headers))).toBe(b.canonicalRequestSha256);
    expect(() => verifySignature(req, now, (ak) => registry.credential(ak))).not.toThrow();
  });
});
