/**
 * Conformance: the headers our client signs for a request carry exactly the `Authorization` that the official
 * SDK's `AKSKSigner.sign` produces for the same request — over generated paths, queries, bodies, hosts, dates
 * and temporary credentials — plus the two worked examples of docs/csms-api.md §7.1.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { akskHeaders, type AkSkCredentials } from './credentials.js';
import type { HttpMethod } from './retry-policy.js';
import { formatSdkDate, uriEncode, WORKED_EXAMPLES as W } from './signing/index.js';
import { sdkAuthorization } from '../test/support/sdk-signer.js';

export const CONFORMANCE_RUNS = 600;

/** Characters that stress encoding: reserved, sub-delims, space, percent, non-ASCII, astral, controls. */
const specials = [
  ...`!'()*:@$&+,;=?#[]/% ~-_."<>\\^\`{|}`,
  'é',
  'ß',
  'ñ',
  '中',
  '文',
  '😀',
  '\u00a0',
  '\t',
  '\u2028',
];
const text = (maxLength: number) =>
  fc.string({
    unit: fc.oneof(fc.constantFrom(...specials), fc.string({ unit: 'grapheme', maxLength: 1 })),
    maxLength,
  });

/** A wire path segment as the SDK would send it: percent-encoded, or left literal when only pchar-safe. */
const segment = fc.oneof(
  text(12)
    .filter((s) => s.length > 0)
    .map(uriEncode),
  fc.stringMatching(/^[A-Za-z0-9\-._~!$&()*+,;=:@]{1,12}$/),
  fc.constantFrom('v1', 'secrets', 'versions', 'csms', 'events', 'notification-records', 'v17', 'SYSCURRENT'),
);

const queryName = fc.oneof(fc.constantFrom('limit', 'marker', 'event_name', 'a', 'A', 'b'), text(8));
const query = fc.array(fc.tuple(queryName, text(16)), { maxLength: 7 });
const body = fc.option(fc.dictionary(text(8), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }), {
  nil: undefined,
});
const host = fc.oneof(
  fc
    .constantFrom('cn-north-4', 'ap-southeast-1', 'la-south-2')
    .map((r) => `https://kms.${r}.myhuaweicloud.com`),
  fc.integer({ min: 1024, max: 65535 }).map((port) => `http://127.0.0.1:${port}`),
  fc
    .integer({ min: 1, max: 65535 })
    .map((port) => `https://csms.example.internal:${port === 443 ? 8443 : port}`),
);
const credentials: fc.Arbitrary<AkSkCredentials> = fc.record(
  {
    type: fc.constant('aksk' as const),
    accessKey: fc.stringMatching(/^[A-Z0-9]{20}$/),
    secretKey: fc.stringMatching(/^[A-Za-z0-9]{40}$/),
    securityToken: fc.stringMatching(/^[A-Za-z0-9+/=_-]{16,300}$/),
  },
  { requiredKeys: ['type', 'accessKey', 'secretKey'] },
);

const generatedRequest = fc.record({
  method: fc.constantFrom<HttpMethod>('GET', 'PUT', 'POST', 'DELETE'),
  origin: host,
  segments: fc.array(segment, { minLength: 1, maxLength: 6 }),
  trailingSlash: fc.boolean(),
  query,
  body,
  credentials,
  projectId: fc.stringMatching(/^[0-9a-f]{32}$/),
  time: fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) }).map((t) => t - (t % 1000)),
});

describe('signature conformance with the official SDK signer', () => {
  it(`gives the SDK's Authorization for ${CONFORMANCE_RUNS} generated requests`, () => {
    let withToken = 0;
    let withQuery = 0;
    fc.assert(
      fc.property(generatedRequest, (r) => {
        const path = `/${r.segments.join('/')}${r.trailingSlash ? '/' : ''}`;
        const bodyText = r.body === undefined ? undefined : JSON.stringify(r.body);
        const wire = { method: r.method, endpoint: new URL(r.origin), path, query: r.query, body: bodyText };
        const ours = akskHeaders(r.credentials, r.projectId, wire, r.time);
        const sdk = sdkAuthorization({
          url: r.origin + path,
          method: r.method,
          projectId: r.projectId,
          sdkDate: formatSdkDate(new Date(r.time)),
          securityToken: r.credentials.securityToken,
          query: r.query,
          data: r.body,
          accessKey: r.credentials.accessKey,
          secretKey: r.credentials.secretKey,
        });
        expect(ours.authorization).toBe(sdk);
        if (r.credentials.securityToken) withToken++;
        if (r.query.length > 0) withQuery++;
      }),
      { numRuns: CONFORMANCE_RUNS },
    );
    // The generator really covered both kinds of credentials and queries.
    expect(withToken).toBeGreaterThan(CONFORMANCE_RUNS / 5);
    expect(withQuery).toBeGreaterThan(CONFORMANCE_RUNS / 2);
  });

  it('signs content-type, host, x-project-id, x-sdk-date and, when temporary, x-security-token', () => {
    const wire = {
      method: 'GET' as const,
      endpoint: new URL('http://127.0.0.1:8080'),
      path: '/v1/p',
      query: [],
    };
    const creds: AkSkCredentials = { type: 'aksk', accessKey: 'AK', secretKey: 'SK', securityToken: 'TOKEN' };
    const headers = akskHeaders(creds, 'p'.repeat(32), wire, Date.UTC(2024, 0, 1));
    expect(headers).toMatchObject({
      host: '127.0.0.1:8080',
      'x-security-token': 'TOKEN',
      'x-sdk-date': '20240101T000000Z',
    });
    expect(headers.authorization).toContain(
      'SignedHeaders=content-type;host;x-project-id;x-sdk-date;x-security-token,',
    );
  });
});

describe('worked examples of docs/csms-api.md §7.1 through the client signer', () => {
  const creds: AkSkCredentials = {
    type: 'aksk',
    accessKey: W.credentials.accessKey,
    secretKey: W.credentials.secretKey,
  };
  const endpoint = new URL(`https://${W.host}`);
  const time = Date.UTC(2024, 0, 1);

  it('A. UpdateVersion', () => {
    const { method, path, body } = W.updateVersion;
    const headers = akskHeaders(
      creds,
      W.credentials.projectId,
      { method, endpoint, path, query: [], body },
      time,
    );
    expect(headers.authorization).toBe(W.updateVersion.authorization);
  });

  it('B. ListSecretVersions', () => {
    const { method, path, query } = W.listSecretVersions;
    const headers = akskHeaders(creds, W.credentials.projectId, { method, endpoint, path, query }, time);
    expect(headers.authorization).toContain(`Signature=${W.listSecretVersions.signature}`);
  });
});
