/** Every malformed input fails before the network with a `CsmsInputError` naming the field, never the value. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CsmsInputError } from './errors.js';
import { CsmsClient } from './operations.js';
import { showSecretVersion } from './values.js';
import { CANARY, catchError, PROJECT_ID } from '../test/support/secrets.js';
import { sendJson, startServer, type TestServer } from '../test/support/server.js';

let server: TestServer;
let client: CsmsClient;
const credentials = { type: 'aksk', accessKey: CANARY.accessKey, secretKey: CANARY.secretKey } as const;

beforeAll(async () => {
  server = await startServer((_req, res) => sendJson(res, 200, {}));
  client = new CsmsClient({ endpoint: server.url, projectId: PROJECT_ID, credentials });
});

afterAll(async () => {
  client.transport.close();
  await server.close();
});

type Call = (c: CsmsClient) => Promise<unknown>;
const bad = (value: unknown) => value as never;

const cases: Array<[string, string, Call]> = [
  ['secret name with a slash', 'secretName', (c) => c.showSecret('a/b')],
  ['secret name with a dot', 'secretName', (c) => c.showSecret('a.b')],
  ['empty secret name', 'secretName', (c) => c.showSecret('')],
  ['65-char secret name', 'secretName', (c) => c.showSecret('a'.repeat(65))],
  ['secret name with path traversal', 'secretName', (c) => c.listSecretVersions('..')],
  ['secret name with unicode', 'secretName', (c) => c.showSecret('секрет')],
  ['secret name not a string', 'secretName', (c) => c.showSecret(bad(42))],
  ['version id without v', 'versionId', (c) => c.updateVersion('s', '1', 0)],
  ['version id latest (not for UpdateVersion)', 'versionId', (c) => c.updateVersion('s', 'latest', 0)],
  ['version id 11 digits', 'versionId', (c) => c.updateVersion('s', 'v12345678901', 0)],
  ['version id with suffix', 'versionId', (c) => c.updateVersion('s', 'v1/../v2', 0)],
  ['expire_time as a string', 'expireTimeMs', (c) => c.updateVersion('s', 'v1', bad('1735689600000'))],
  ['expire_time a float', 'expireTimeMs', (c) => c.updateVersion('s', 'v1', 1.5)],
  ['expire_time NaN', 'expireTimeMs', (c) => c.updateVersion('s', 'v1', Number.NaN)],
  ['expire_time Infinity', 'expireTimeMs', (c) => c.updateVersion('s', 'v1', Number.POSITIVE_INFINITY)],
  ['expire_time negative', 'expireTimeMs', (c) => c.updateVersion('s', 'v1', -1)],
  ['expire_time above 9999999999999', 'expireTimeMs', (c) => c.updateVersion('s', 'v1', 10_000_000_000_000)],
  ['expire_time unsafe integer', 'expireTimeMs', (c) => c.updateVersion('s', 'v1', 2 ** 53)],
  ['expire_time null', 'expireTimeMs', (c) => c.updateVersion('s', 'v1', bad(null))],
  ['expire_time a bigint', 'expireTimeMs', (c) => c.updateVersion('s', 'v1', bad(10n))],
  ['stage name with space', 'stageName', (c) => c.showSecretStage('s', 'SYS CURRENT')],
  ['stage name too long', 'stageName', (c) => c.updateSecretStage('s', 'x'.repeat(65), 'v1')],
  ['stage target version bad', 'versionId', (c) => c.updateSecretStage('s', 'SYSCURRENT', 'x1')],
  ['limit 0', 'limit', (c) => c.listSecrets({ limit: 0 })],
  ['limit 1001', 'limit', (c) => c.listSecretVersions('s', { limit: 1001 })],
  ['limit as a string', 'limit', (c) => c.listSecretEvents({ limit: bad('10') })],
  ['limit a float', 'limit', (c) => c.listSecrets({ limit: 2.5 })],
  ['secrets marker with &', 'marker', (c) => c.listSecrets({ marker: 'a&limit=1' })],
  ['versions marker not a version', 'marker', (c) => c.listSecretVersions('s', { marker: 'secret-a' })],
  ['events marker with space', 'marker', (c) => c.listSecretEvents({ marker: 'a b' })],
  ['event name filter with =', 'eventName', (c) => c.listSecrets({ eventName: 'a=b' })],
  ['event name with a dot', 'eventName', (c) => c.showSecretEvent('a.b')],
  ['deadline 0', 'deadlineMs', (c) => c.showSecret('s', { deadlineMs: 0 })],
  ['create without a value', 'input', (c) => c.createSecret({ name: 'n' })],
  [
    'create with both values',
    'input',
    (c) => c.createSecret({ name: 'n', secretString: 'a', secretBinary: 'YQ==' }),
  ],
  ['create with a bad name', 'input.name', (c) => c.createSecret({ name: 'n!', secretString: 'a' })],
  [
    'create with an unknown key',
    'input',
    (c) => c.createSecret(bad({ name: 'n', secretString: 'a', extra: 1 })),
  ],
  [
    'create with a value over 32 KB',
    'input.secretString',
    (c) => c.createSecret({ name: 'n', secretString: 'é'.repeat(16_385) }),
  ],
  [
    'create with two events',
    'input.eventSubscriptions',
    (c) => c.createSecret({ name: 'n', secretString: 'a', eventSubscriptions: ['a', 'b'] }),
  ],
  [
    'version with non-base64 binary',
    'input.secretBinary',
    (c) => c.createSecretVersion('s', { secretBinary: '***' }),
  ],
  [
    'version with 13 stages',
    'input.versionStages',
    (c) =>
      c.createSecretVersion('s', {
        secretString: 'a',
        versionStages: Array.from({ length: 13 }, (_, i) => `s${i}`),
      }),
  ],
  [
    'version with bad expiry',
    'input.expireTimeMs',
    (c) => c.createSecretVersion('s', { secretString: 'a', expireTimeMs: -5 }),
  ],
  ['allSecrets limit 0', 'limit', (c) => c.allSecrets({ limit: 0 }).next()],
  ['allSecrets page cap 0', 'maxPages', (c) => c.allSecrets({ maxPages: 0 }).next()],
  ['ShowSecretVersion bad version', 'versionId', (c) => showSecretVersion(c, 's', 'SYSCURRENT')],
];

describe('bad operation inputs', () => {
  it.each(cases)('%s -> CsmsInputError(%s), no request', async (_name, field, call) => {
    const error = await catchError(call(client), CsmsInputError);
    expect(error.field).toBe(field);
    expect(error.code).toBe('invalid_input');
    expect(server.requests).toHaveLength(0);
  });

  it('never echoes the rejected value', async () => {
    const error = await catchError(client.showSecret(`${CANARY.password}/x`), CsmsInputError);
    expect(error.message).toBe('Invalid secretName: must match ^[a-zA-Z0-9_-]{1,64}$');
  });
});

describe('bad client options', () => {
  const base = { endpoint: 'http://127.0.0.1:1', projectId: PROJECT_ID, credentials };
  it.each([
    ['endpoint not a URL', 'endpoint', { endpoint: 'kms.cn-north-4.myhuaweicloud.com' }],
    ['endpoint ftp', 'endpoint', { endpoint: 'ftp://kms.example.com' }],
    [
      'endpoint with credentials',
      'endpoint',
      { endpoint: `https://user:${CANARY.password}@kms.example.com` },
    ],
    ['endpoint with a query', 'endpoint', { endpoint: 'https://kms.example.com/?a=1' }],
    ['project id too short', 'options.projectId', { projectId: 'abc' }],
    ['project id with a dash', 'options.projectId', { projectId: `${PROJECT_ID.slice(1)}-` }],
    ['project id too long', 'options.projectId', { projectId: 'a'.repeat(65) }],
    ['no credentials', 'credentials', { credentials: undefined }],
    [
      'access key with a space',
      'credentials.accessKey',
      { credentials: { ...credentials, accessKey: 'AK AK' } },
    ],
    ['empty secret key', 'credentials.secretKey', { credentials: { ...credentials, secretKey: '' } }],
    [
      'security token with a newline',
      'credentials.securityToken',
      { credentials: { ...credentials, securityToken: 'a\nb' } },
    ],
    ['unknown credential type', 'credentials.type', { credentials: { ...credentials, type: 'token' } }],
    [
      'both credentials and token provider',
      'credentials',
      {
        tokenProvider: {
          getToken: () => Promise.resolve('t'),
          invalidate: () => undefined,
          secrets: () => [],
        },
      },
    ],
    ['bad transport setting', 'transport.maxAttempts', { transport: { maxAttempts: 0 } }],
    ['unknown transport setting', 'transport', { transport: { retries: 5 } }],
  ])('%s -> CsmsInputError(%s)', async (_name, field, override) => {
    const error = await catchError(() => new CsmsClient(bad({ ...base, ...override })), CsmsInputError);
    expect(error.field).toBe(field);
  });
});
