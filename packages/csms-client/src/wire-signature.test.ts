/**
 * End to end: what the client actually puts on the wire (captured by a local server: method, raw URL, headers,
 * body) carries an `Authorization` that verifies both with our canonicaliser, rebuilt from the received bytes
 * as the emulator does, and with the official SDK signer given the equivalent input.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { akskHeaders, type AkSkCredentials } from './credentials.js';
import { CsmsHttpError } from './errors.js';
import { CsmsClient } from './operations.js';
import {
  canonicalRequest,
  parseAuthorization,
  parseRawQuery,
  payloadHash,
  signature,
  signaturesEqual,
  stringToSign,
} from './signing/index.js';
import { HttpTransport } from './transport.js';
import { CANARY, catchError, PROJECT_ID } from '../test/support/secrets.js';
import { sdkAuthorization } from '../test/support/sdk-signer.js';
import { sendJson, startServer, type Recorded, type TestServer } from '../test/support/server.js';

const permanent: AkSkCredentials = { type: 'aksk', accessKey: CANARY.accessKey, secretKey: CANARY.secretKey };
const temporary: AkSkCredentials = { ...permanent, securityToken: CANARY.securityToken };

let server: TestServer;

beforeAll(async () => {
  server = await startServer((req, res) => {
    if (req.url.includes('/versions/')) {
      sendJson(res, 200, { version_metadata: { id: 'v1', expire_time: 1735689600000 } });
    } else if (req.url.includes('/versions')) {
      sendJson(res, 200, { version_metadatas: [], page_info: {} });
    } else sendJson(res, 200, { secrets: [], page_info: {} });
  });
});

afterAll(() => server.close());

function header(recorded: Recorded, name: string): string | undefined {
  const value = recorded.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** The verification the emulator performs, over exactly the `SignedHeaders` received. */
function verifiesWithCanonicaliser(recorded: Recorded, secretKey: string): boolean {
  const auth = parseAuthorization(header(recorded, 'authorization') ?? '');
  if (!auth) return false;
  const [path = '', rawQuery = ''] = recorded.url.split(/\?(.*)/s);
  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaderNames) headers[name] = header(recorded, name) ?? '';
  const canonical = canonicalRequest({
    method: recorded.method,
    path,
    query: parseRawQuery(rawQuery),
    headers,
    signedHeaderNames: auth.signedHeaderNames,
    payloadHash: payloadHash(recorded.body),
  });
  const expected = signature(secretKey, stringToSign(headers['x-sdk-date'] ?? '', canonical));
  return signaturesEqual(expected, auth.signature);
}

/** The official signer's Authorization for the captured request. */
function sdkAuthorizationFor(recorded: Recorded, credentials: AkSkCredentials): string {
  const [path = '', rawQuery = ''] = recorded.url.split(/\?(.*)/s);
  if (recorded.body !== '') expect(JSON.stringify(JSON.parse(recorded.body))).toBe(recorded.body);
  return sdkAuthorization({
    url: `http://${header(recorded, 'host')}${path}`,
    method: recorded.method,
    projectId: header(recorded, 'x-project-id') ?? '',
    sdkDate: header(recorded, 'x-sdk-date') ?? '',
    securityToken: header(recorded, 'x-security-token'),
    query: parseRawQuery(rawQuery),
    data: recorded.body === '' ? undefined : JSON.parse(recorded.body),
    accessKey: credentials.accessKey,
    secretKey: credentials.secretKey,
  });
}

function expectVerified(recorded: Recorded, credentials: AkSkCredentials): void {
  expect(verifiesWithCanonicaliser(recorded, credentials.secretKey)).toBe(true);
  expect(header(recorded, 'authorization')).toBe(sdkAuthorizationFor(recorded, credentials));
}

describe.each([
  ['permanent', permanent],
  ['temporary', temporary],
])('CsmsClient on the wire with %s credentials', (_kind, credentials) => {
  const client = () => new CsmsClient({ endpoint: server.url, projectId: PROJECT_ID, credentials });

  it('ListSecrets with a query', async () => {
    const before = server.requests.length;
    await client().listSecrets({ limit: 10, marker: 'db-pass_01', eventName: 'expiry-event' });
    const recorded = server.requests[before]!;
    expect(recorded.url).toBe(`/v1/${PROJECT_ID}/secrets?limit=10&marker=db-pass_01&event_name=expiry-event`);
    expect(header(recorded, 'x-security-token')).toBe(credentials.securityToken);
    expectVerified(recorded, credentials);
  });

  it('UpdateVersion with a JSON body', async () => {
    const before = server.requests.length;
    await client().updateVersion('demo-secret', 'v1', 1735689600000);
    const recorded = server.requests[before]!;
    expect(recorded).toMatchObject({ method: 'PUT', body: '{"expire_time":1735689600000}' });
    expectVerified(recorded, credentials);
  });

  it('ListSecretVersions', async () => {
    const before = server.requests.length;
    await client().listSecretVersions('demo-secret', { limit: 5, marker: 'v3' });
    expectVerified(server.requests[before]!, credentials);
  });
});

describe('retries', () => {
  it('signs every attempt afresh, with its own X-Sdk-Date', async () => {
    const flaky = await startServer((_req, res) => sendJson(res, 502, {}));
    let clock = Date.UTC(2030, 0, 1);
    const client = new CsmsClient({
      endpoint: flaky.url,
      projectId: PROJECT_ID,
      credentials: temporary,
      transport: { runtime: { now: () => (clock += 1000), sleep: () => Promise.resolve() } },
    });
    await catchError(client.updateVersion('demo-secret', 'v2', 0), CsmsHttpError);
    const dates = flaky.requests.map((r) => header(r, 'x-sdk-date'));
    expect(flaky.requests).toHaveLength(3);
    expect(new Set(dates).size).toBe(3);
    for (const recorded of flaky.requests) expectVerified(recorded, temporary);
    client.transport.close();
    await flaky.close();
  });
});

describe('generated requests through the transport', () => {
  const text = fc.string({
    unit: fc.oneof(
      fc.constantFrom(...`!'()*:@$&+,;=?#[]/% ~é中😀`),
      fc.string({ unit: 'grapheme', maxLength: 1 }),
    ),
    maxLength: 12,
  });

  it('verify on the receiving side for 60 random queries and bodies', async () => {
    const transport = new HttpTransport();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(text, text), { maxLength: 5 }),
        fc.option(fc.dictionary(text, text, { maxKeys: 3 }), { nil: undefined }),
        fc.boolean(),
        async (query, body, useToken) => {
          const credentials = useToken ? temporary : permanent;
          const before = server.requests.length;
          await transport.send({
            operation: 'Generated',
            method: body === undefined ? 'GET' : 'PUT',
            endpoint: new URL(server.url),
            path: `/v1/${PROJECT_ID}/secrets`,
            query,
            body: body === undefined ? undefined : JSON.stringify(body),
            headers: (wire, now) => akskHeaders(credentials, PROJECT_ID, wire, now),
          });
          expectVerified(server.requests[before]!, credentials);
        },
      ),
      { numRuns: 60 },
    );
    transport.close();
  });
});
