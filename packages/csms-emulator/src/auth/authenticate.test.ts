/* eslint-disable @typescript-eslint/no-explicit-any -- wire JSON, asserted field by field */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { T0, projectFixture } from '../testing/fixtures.js';
import { startTestEmulator, type TestEmulator } from '../testing/harness.js';

const PROJECT = '0123456789abcdef0123456789abcdef';
let t: TestEmulator;

beforeAll(async () => {
  t = await startTestEmulator({ projectId: PROJECT, clock: () => T0, admin: true });
  t.emu.store.replaceProject(PROJECT, projectFixture([{ name: 'db', versions: 2 }]));
});
afterAll(() => t.close());

const versions = '/secrets/db/versions';

function expectGateway401(res: { status: number; json: any; headers: any }, message: RegExp): void {
  expect(res.status).toBe(401);
  expect(res.json.error_code).toBe('APIGW.0301');
  expect(res.json.error_msg).toMatch(/^Incorrect IAM authentication information: /);
  expect(res.json.error_msg).toMatch(message);
  expect(res.json.request_id).toBe(res.headers['x-request-id']);
}

describe('AK/SK signature', () => {
  it('accepts a request signed by the client signer', async () => {
    const res = await t.csms('GET', versions);
    expect(res.status).toBe(200);
    expect(res.json.version_metadatas).toHaveLength(2);
  });

  it('rejects a tampered signature', async () => {
    const res = await t.csms('GET', versions, {
      tamper: (req) => {
        const auth = req.headers!.authorization!;
        const last = auth.at(-1) === '0' ? '1' : '0';
        req.headers!.authorization = `${auth.slice(0, -1)}${last}`;
      },
    });
    expectGateway401(res, /verify aksk signature fail/);
  });

  it('rejects a request changed after signing (query, path, signed header, body)', async () => {
    const changed = [
      await t.csms('GET', versions, {
        query: [['limit', '1']],
        tamper: (r) => (r.target = r.target.replace('limit=1', 'limit=2')),
      }),
      await t.csms('GET', versions, { tamper: (r) => (r.target = r.target.replace('/db/', '/db2/')) }),
      await t.csms('GET', versions, { tamper: (r) => (r.headers!['x-project-id'] = 'f'.repeat(32)) }),
      await t.csms('PUT', `${versions}/v1`, {
        body: { expire_time: T0 + 86_400_000 },
        tamper: (r) => (r.body = JSON.stringify({ expire_time: T0 + 2 * 86_400_000 })),
      }),
    ];
    for (const res of changed) expectGateway401(res, /verify aksk signature fail/);
  });

  it('rejects a signature made with the wrong SK', async () => {
    const res = await t.csms('GET', versions, {
      credential: { accessKey: t.emu.credentials.accessKey, secretKey: 'not-the-secret-key' },
    });
    expectGateway401(res, /verify aksk signature fail/);
  });

  it('rejects an X-Sdk-Date more than 15 minutes from the emulator clock, either way', async () => {
    for (const skew of [-16 * 60_000, 16 * 60_000]) {
      const res = await t.csms('GET', versions, { date: new Date(T0 + skew) });
      expectGateway401(res, /more than 15 minutes/);
    }
    expect((await t.csms('GET', versions, { date: new Date(T0 - 14 * 60_000) })).status).toBe(200);
  });

  it('rejects a malformed or missing X-Sdk-Date', async () => {
    const bad = await t.csms('GET', versions, {
      tamper: (r) => (r.headers!['x-sdk-date'] = '2030-01-01T00:00:00Z'),
    });
    expectGateway401(bad, /X-Sdk-Date is missing or not in the form/);
  });

  it('rejects an unknown AK', async () => {
    const res = await t.csms('GET', versions, {
      credential: { accessKey: 'UNKNOWNAK0000000000', secretKey: 'x' },
    });
    expectGateway401(res, /ak:UNKNOWNAK0000000000,err:ak not exist/);
  });

  it('rejects a request without credentials, and a malformed Authorization', async () => {
    expectGateway401(
      await t.raw({ method: 'GET', target: `/v1/${PROJECT}${versions}` }),
      /neither an X-Auth-Token nor an Authorization/,
    );
    expectGateway401(
      await t.raw({
        method: 'GET',
        target: `/v1/${PROJECT}${versions}`,
        headers: { authorization: 'Basic Zm9vOmJhcg==' },
      }),
      /not a valid SDK-HMAC-SHA256 signature/,
    );
  });

  it('requires host and x-sdk-date among SignedHeaders', async () => {
    const res = await t.csms('GET', versions, {
      tamper: (r) => {
        r.headers!.authorization = r.headers!.authorization!.replace(
          /SignedHeaders=[^,]+/,
          'SignedHeaders=content-type;host',
        );
      },
    });
    expectGateway401(res, /SignedHeaders must include host and x-sdk-date/);
  });

  it('checks exactly the SignedHeaders received: unsigned extra headers do not matter', async () => {
    const res = await t.csms('GET', versions, { tamper: (r) => (r.headers!['user-agent'] = 'anything') });
    expect(res.status).toBe(200);
  });
});

describe('temporary credentials', () => {
  const temp = {
    accessKey: 'TEMPAK0000000000000A',
    secretKey: 'temp-secret',
    securityToken: 'sts-token-value',
  };
  beforeAll(() => t.emu.identity.addCredential(temp));

  it('accepts the signed security token and refuses a missing or wrong one', async () => {
    expect((await t.csms('GET', versions, { credential: temp })).status).toBe(200);
    const missing = await t.csms('GET', versions, {
      credential: { accessKey: temp.accessKey, secretKey: temp.secretKey },
    });
    expectGateway401(missing, /X-Security-Token is required/);
    const wrong = await t.csms('GET', versions, { credential: { ...temp, securityToken: 'other' } });
    expectGateway401(wrong, /verify security token fail/);
  });
});

describe('projects', () => {
  it('answers 401 for a project that does not exist (X-Project-Id and path agree)', async () => {
    const other = 'f'.repeat(32);
    const res = await t.call('GET', `/v1/${other}${versions}`, { projectIdHeader: other });
    expectGateway401(res, /project ffff.* does not exist/);
  });

  it('answers 403 CSMS.0302 when the path names another project than X-Project-Id', async () => {
    const res = await t.call('GET', `/v1/${'f'.repeat(32)}${versions}`);
    expect(res.status).toBe(403);
    expect(res.json).toEqual({
      error_code: 'CSMS.0302',
      error_msg: expect.stringMatching(/not the project/),
    });
  });

  it('takes the project from the path when X-Project-Id is absent', async () => {
    expect((await t.csms('GET', versions, { projectIdHeader: null })).status).toBe(200);
  });
});

describe('IAM action allow-lists', () => {
  const readOnly = {
    accessKey: 'READONLYAK000000000A',
    secretKey: 'read-only-secret',
    actions: ['csms:secret:listVersion', 'csms:secretStage:get', 'csms::list*'],
  };
  beforeAll(() => t.emu.identity.addCredential(readOnly));

  it('allows listed actions, aliases and globs; 403 CSMS.0302 for the rest', async () => {
    expect((await t.csms('GET', versions, { credential: readOnly })).status).toBe(200);
    expect((await t.csms('GET', '/secrets/db/stages/SYSCURRENT', { credential: readOnly })).status).toBe(200);
    expect((await t.csms('GET', '/csms/events', { credential: readOnly })).status).toBe(200);
    const update = await t.csms('PUT', `${versions}/v1`, {
      credential: readOnly,
      body: { expire_time: T0 + 86_400_000 },
    });
    expect(update.status).toBe(403);
    expect(update.json).toEqual({
      error_code: 'CSMS.0302',
      error_msg:
        'The request is forbidden: the caller is not authorized to perform csms:secret:updateVersion',
    });
    const event = await t.csms('GET', '/csms/events/x', { credential: readOnly });
    expect(event.status).toBe(403);
    expect(event.json.error.error_code).toBe('CSMS.0302');
  });

  it('adds credentials with allow-lists through the admin API', async () => {
    const added = await t.admin('POST', '/__admin/credentials', { actions: ['csms:secret:list'] });
    expect(added.status).toBe(201);
    const credential = { accessKey: added.json.access_key, secretKey: added.json.secret_key };
    expect((await t.csms('GET', '/secrets', { credential })).status).toBe(200);
    expect((await t.csms('GET', versions, { credential })).status).toBe(403);
  });
});

describe('IAM tokens', () => {
  const tokenBody = (scope: object, password = t.emu.iam.password) => ({
    auth: {
      identity: {
        methods: ['password'],
        password: { user: { name: t.emu.iam.user, password, domain: { name: t.emu.iam.domain } } },
      },
      scope: { project: scope },
    },
  });
  const issue = (body: unknown, query = '') =>
    t.raw({
      method: 'POST',
      target: `/v3/auth/tokens${query}`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('issues a 24 h project token (by id or by region name) that authenticates CSMS calls', async () => {
    const byId = await issue(tokenBody({ id: PROJECT }));
    expect(byId.status).toBe(201);
    const token = byId.headers['x-subject-token'] as string;
    expect(token.length).toBeGreaterThanOrEqual(32);
    expect(byId.json.token.expires_at).toBe('2030-01-02T00:00:00.000000Z');
    expect(byId.json.token.project).toMatchObject({ id: PROJECT, name: 'cn-north-4' });
    expect(byId.json.token.catalog[0].endpoints[0].url).toBe(t.emu.url);

    const byName = await issue(tokenBody({ name: 'cn-north-4' }), '?nocatalog=true');
    expect(byName.status).toBe(201);
    expect(byName.json.token.catalog).toBeUndefined();

    const res = await t.csms('GET', versions, { token });
    expect(res.status).toBe(200);
    const log = await t.admin('GET', '/__admin/requests?operation=ListSecretVersions');
    expect(log.json.requests.at(-1)).toMatchObject({
      user: t.emu.iam.user,
      access_key_id: null,
      status: 200,
    });
  });

  it('refuses wrong passwords and unknown projects in IAM shape', async () => {
    const wrong = await issue(tokenBody({ id: PROJECT }, 'nope'));
    expect(wrong.status).toBe(401);
    expect(wrong.json).toEqual({
      error: { code: 401, message: 'The username or password is wrong.', title: 'Unauthorized' },
    });
    const unknown = await issue(tokenBody({ id: 'f'.repeat(32) }));
    expect(unknown.status).toBe(401);
    expect(unknown.json.error.title).toBe('Unauthorized');
    const bad = await t.raw({ method: 'POST', target: '/v3/auth/tokens', body: '{nope' });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ code: 400, title: 'Bad Request' });
  });

  it('honours a token until it expires by the emulator clock, then 401', async () => {
    const token = (await issue(tokenBody({ id: PROJECT }))).headers['x-subject-token'] as string;
    await t.admin('POST', '/__admin/clock', { advance_ms: 24 * 3_600_000 - 1000 });
    expect((await t.csms('GET', versions, { token })).status).toBe(200);
    await t.admin('POST', '/__admin/clock', { advance_ms: 1000 });
    expectGateway401(await t.csms('GET', versions, { token }), /the token has expired/);
    expectGateway401(
      await t.csms('GET', versions, { token: 'MIIforged-token-forged-token-forged' }),
      /decrypt token fail/,
    );
    await t.admin('POST', '/__admin/clock', { now: T0 });
  });

  it('scopes a token to its project: another path project is 403', async () => {
    const token = (await issue(tokenBody({ id: PROJECT }))).headers['x-subject-token'] as string;
    const res = await t.call('GET', `/v1/${'e'.repeat(32)}${versions}`, { token });
    expect(res.status).toBe(403);
    expect(res.json.error_code).toBe('CSMS.0302');
  });

  it('carries an IAM user allow-list into its tokens', async () => {
    expect(
      (
        await t.admin('POST', '/__admin/iam-users', {
          user: 'viewer',
          password: 'pw',
          actions: ['csms:secret:list'],
        })
      ).status,
    ).toBe(201);
    const body = {
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'viewer', password: 'pw', domain: { name: t.emu.iam.domain } } },
        },
        scope: { project: { id: PROJECT } },
      },
    };
    const token = (await issue(body)).headers['x-subject-token'] as string;
    expect((await t.csms('GET', '/secrets', { token })).status).toBe(200);
    expect((await t.csms('GET', versions, { token })).status).toBe(403);
  });
});
