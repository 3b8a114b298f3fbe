import {
  WORKED_EXAMPLES,
  canonicalRequest,
  parseAuthorization,
  parseRawQuery,
  signature,
  stringToSign,
} from '@csms-console/csms-client/signing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HmacSha256Key, sameString, sha256Hex } from './hmac.js';
import { IdentityRegistry } from './identity.js';
import { parseReceivedAuthorization, receivedCanonicalRequest, verifySignature } from './verify-signature.js';

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

  it('signs the SDK-HMAC-SHA256 string to sign like the signing module, whatever the inputs', () => {
    const hex = fc.stringMatching(/^[0-9a-f]{64}$/);
    const date = fc.oneof(
      fc.stringMatching(/^[0-9]{8}T[0-9]{6}Z$/),
      fc.string({ maxLength: 20 }),
      fc.constant('20240101T00000é'),
    );
    fc.assert(
      fc.property(
        fc.string({ maxLength: 80 }),
        date,
        fc.oneof(hex, fc.string({ maxLength: 70 })),
        (key, d, h) => {
          const ours = new HmacSha256Key(key);
          const expected = signature(key, `SDK-HMAC-SHA256\n${d}\n${h}`);
          expect(ours.signatureHex(d, h)).toBe(expected);
          expect(ours.hex('something else')).toBe(signature(key, 'something else'));
          expect(ours.signatureHex(d, h)).toBe(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('compares in constant time', () => {
    expect(sameString('abc', 'abc')).toBe(true);
    expect(sameString('abc', 'abd')).toBe(false);
    expect(sameString('abc', 'ab')).toBe(false);
  });
});

describe('parseReceivedAuthorization', () => {
  it('accepts exactly what the signing module parses, with the same parts', () => {
    // Values built from the grammar's own pieces, whitespace of every kind and stray characters, so that
    // near misses (missing spaces, extra commas, non-hex signatures, padding) come up often.
    const piece = fc.constantFrom(
      'SDK-HMAC-SHA256',
      ' ',
      '  ',
      '\t',
      '\u00a0',
      '\ufeff',
      '\n',
      'Access=',
      'AK1',
      ',',
      ', ',
      'SignedHeaders=',
      'host;x-sdk-date',
      'content-type;host;x-project-id;x-sdk-date',
      'Signature=',
      'ABCdef0123456789',
      'g',
      ';',
      '=',
    );
    const value = fc.array(piece, { maxLength: 14 }).map((parts) => parts.join(''));
    // Well-formed values (some parts empty), then up to two characters inserted, deleted or replaced.
    const wellFormed = fc
      .tuple(
        fc.constantFrom('', ' ', '\t ', '\ufeff'),
        fc.constantFrom('', ' ', '   '),
        fc.stringMatching(/^[A-Za-z0-9]{0,8}$/),
        fc.constantFrom(',', ', ', ',  ', ' ,'),
        fc.stringMatching(/^[a-z-]{0,6}(;[a-z-]{0,6}){0,3}$/),
        fc.stringMatching(/^[0-9a-fA-F]{0,8}$/),
        fc.constantFrom('', ' ', '\n', '\u2028'),
      )
      .map(
        ([lead, gap, ak, sep, names, sig, trail]) =>
          `${lead}SDK-HMAC-SHA256${gap}Access=${ak}${sep}SignedHeaders=${names}${sep}Signature=${sig}${trail}`,
      );
    const char = fc.constantFrom(' ', '\t', '\u00a0', '\n', ',', ';', '=', 'a', 'G', '0', 'é', '\ud800');
    const edit = fc.tuple(fc.nat(), fc.constantFrom('insert', 'delete', 'replace'), char);
    const nearMiss = fc.tuple(wellFormed, fc.array(edit, { maxLength: 2 })).map(([text, edits]) =>
      edits.reduce((t, [at, kind, c]) => {
        const i = at % (t.length + 1);
        return t.slice(0, i) + (kind === 'delete' ? '' : c) + t.slice(kind === 'insert' ? i : i + 1);
      }, text),
    );
    fc.assert(
      fc.property(fc.oneof(value, nearMiss, fc.string({ maxLength: 80 })), (text) => {
        const theirs = parseAuthorization(text);
        const ours = parseReceivedAuthorization(text);
        if (theirs === undefined) {
          expect(ours).toBeUndefined();
          return;
        }
        expect(ours).toBeDefined();
        expect(ours!.accessKey).toBe(theirs.accessKey);
        expect(ours!.signedHeaderNames).toEqual(theirs.signedHeaderNames);
        expect(ours!.signedHeaders).toBe(theirs.signedHeaderNames.join(';'));
        expect(ours!.signature.toLowerCase()).toBe(theirs.signature);
      }),
      { numRuns: 3000 },
    );
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

describe('verifySignature on the golden vectors (docs/csms-api.md §7.1 worked examples)', () => {
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

  it('accepts the signature in upper case too, and refuses it with one digit changed', () => {
    const a = WORKED_EXAMPLES.updateVersion;
    const [head, sig] = a.authorization.split('Signature=') as [string, string];
    const upper = request(a.method, a.path, a.query, a.body, `${head}Signature=${sig.toUpperCase()}`);
    expect(() => verifySignature(upper, now, (ak) => registry.credential(ak))).not.toThrow();
    const flipped = `${sig.slice(0, -1)}${sig.endsWith('0') ? '1' : '0'}`;
    const wrong = request(a.method, a.path, a.query, a.body, `${head}Signature=${flipped}`);
    expect(() => verifySignature(wrong, now, (ak) => registry.credential(ak))).toThrow(
      /verify aksk signature fail/,
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
