/** Every operation: method, path, query and body on the wire; responses parsed, stripped and typed. */
import { afterEach, describe, expect, it } from 'vitest';
import { CsmsHttpError, CsmsResponseError } from './errors.js';
import { CsmsClient } from './operations.js';
import { showSecretVersion } from './values.js';
import { CANARY, catchError, PROJECT_ID } from '../test/support/secrets.js';
import { sendJson, startServer, type Handler, type TestServer } from '../test/support/server.js';

const P = `/v1/${PROJECT_ID}`;
const secret = {
  id: 'bb6a3d22-dc93-47ac-b5bd-88df7ad35f1e',
  name: 'db-pass',
  state: 'ENABLED',
  create_time: 1581507580000,
};
const version = {
  id: 'v1',
  secret_name: 'db-pass',
  create_time: 1581507580000,
  version_stages: ['SYSCURRENT'],
};
const stage = { name: 'SYSCURRENT', version_id: 'v2', secret_name: 'db-pass', update_time: 1581507580000 };
const event = {
  name: 'expiry',
  event_types: ['SECRET_VERSION_EXPIRED'],
  state: 'ENABLED',
  notification: { target_type: 'SMN', target_id: 'urn:smn:x', target_name: 't' },
};
const record = {
  event_name: 'expiry',
  trigger_event_type: 'SECRET_VERSION_EXPIRED',
  create_time: 1,
  notification_status: 'SUCCESS',
};

let server: TestServer | undefined;
let client: CsmsClient | undefined;

afterEach(async () => {
  client?.transport.close();
  await server?.close();
  server = client = undefined;
});

async function setup(handler: Handler) {
  server = await startServer(handler);
  const credentials = { type: 'aksk', accessKey: CANARY.accessKey, secretKey: CANARY.secretKey } as const;
  client = new CsmsClient({
    endpoint: server.url,
    projectId: PROJECT_ID,
    credentials,
    transport: { runtime: { sleep: () => Promise.resolve() } },
  });
  return { server, client };
}

const reply =
  (body: unknown): Handler =>
  (_req, res) =>
    sendJson(res, 200, body);

describe('operations on the wire', () => {
  const table: Array<[string, (c: CsmsClient) => Promise<unknown>, unknown, string, string, string]> = [
    [
      'ListSecrets',
      (c) => c.listSecrets({ limit: 2 }),
      { secrets: [secret], page_info: {} },
      'GET',
      `${P}/secrets?limit=2`,
      '',
    ],
    ['ShowSecret', (c) => c.showSecret('db-pass'), { secret }, 'GET', `${P}/secrets/db-pass`, ''],
    [
      'ListSecretVersions',
      (c) => c.listSecretVersions('db-pass'),
      { version_metadatas: [version], page_info: {} },
      'GET',
      `${P}/secrets/db-pass/versions`,
      '',
    ],
    [
      'UpdateVersion',
      (c) => c.updateVersion('db-pass', 'v3', 1735689600000),
      { version_metadata: version },
      'PUT',
      `${P}/secrets/db-pass/versions/v3`,
      '{"expire_time":1735689600000}',
    ],
    [
      'ShowSecretStage',
      (c) => c.showSecretStage('db-pass', 'SYSCURRENT'),
      { stage },
      'GET',
      `${P}/secrets/db-pass/stages/SYSCURRENT`,
      '',
    ],
    [
      'UpdateSecretStage',
      (c) => c.updateSecretStage('db-pass', 'blue', 'v2'),
      { stage },
      'PUT',
      `${P}/secrets/db-pass/stages/blue`,
      '{"version_id":"v2"}',
    ],
    [
      'ListSecretEvents',
      (c) => c.listSecretEvents({ limit: 5, marker: 'a.b' }),
      { events: [event], page_info: {} },
      'GET',
      `${P}/csms/events?limit=5&marker=a.b`,
      '',
    ],
    ['ShowSecretEvent', (c) => c.showSecretEvent('expiry'), { event }, 'GET', `${P}/csms/events/expiry`, ''],
    [
      'ListNotificationRecords',
      (c) => c.listNotificationRecords(),
      { records: [record], page_info: {} },
      'GET',
      `${P}/csms/notification-records`,
      '',
    ],
    [
      'CreateSecret',
      (c) => c.createSecret({ name: 'n1', secretString: 's3cr3t', eventSubscriptions: ['expiry'] }),
      { secret },
      'POST',
      `${P}/secrets`,
      '{"name":"n1","secret_string":"s3cr3t","event_subscriptions":["expiry"]}',
    ],
    [
      'CreateSecretVersion',
      (c) =>
        c.createSecretVersion('db-pass', { secretString: 'x', versionStages: ['blue'], expireTimeMs: 5000 }),
      { version_metadata: version },
      'POST',
      `${P}/secrets/db-pass/versions`,
      '{"secret_string":"x","version_stages":["blue"],"expire_time":5000}',
    ],
    [
      'ShowSecretVersion',
      (c) => showSecretVersion(c, 'db-pass', 'latest'),
      { version: { version_metadata: version, secret_string: 'x' } },
      'GET',
      `${P}/secrets/db-pass/versions/latest`,
      '',
    ],
  ];

  it.each(table)('%s', async (_op, call, body, method, url, sent) => {
    const { server, client } = await setup(reply(body));
    await call(client);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ method, url, body: sent });
  });
});

describe('response parsing', () => {
  it('strips unknown fields at every level and treats null as absent', async () => {
    const { client } = await setup(
      reply({
        version_metadatas: [
          { ...version, expire_time: null, kms_key_id: null, secret_string: 'LEAK', extra: { a: 1 } },
        ],
        page_info: { next_marker: 'v1', current_count: 1, surprise: true },
        injected: '<script>',
      }),
    );
    const page = await client.listSecretVersions('db-pass');
    expect(page).toEqual({
      version_metadatas: [
        { id: 'v1', secret_name: 'db-pass', create_time: 1581507580000, version_stages: ['SYSCURRENT'] },
      ],
      page_info: { next_marker: 'v1', current_count: 1 },
      $metadata: { attempts: 1, httpStatusCode: 200, totalRetryDelayMs: 0 },
    });
    expect(JSON.stringify(page)).not.toContain('LEAK');
  });

  it('defaults a missing page_info and missing stage list', async () => {
    const { client } = await setup(reply({ version_metadatas: [{ id: 'v9' }] }));
    expect(await client.listSecretVersions('s')).toEqual({
      version_metadatas: [{ id: 'v9', version_stages: [] }],
      page_info: {},
      $metadata: { attempts: 1, httpStatusCode: 200, totalRetryDelayMs: 0 },
    });
  });

  it.each([
    ['a string time', { secret: { ...secret, create_time: '1581507580000' } }, 'secret.create_time'],
    ['a fractional time', { secret: { ...secret, update_time: 1.5 } }, 'secret.update_time'],
    ['an unknown state', { secret: { ...secret, state: 'GONE' } }, 'secret.state'],
    ['no envelope', secret, 'secret'],
  ])('rejects %s with CsmsResponseError naming the path, not the value', async (_name, body, path) => {
    const { client } = await setup((_req, res) => sendJson(res, 200, body, { 'x-request-id': 'rid-9' }));
    const error = await catchError(client.showSecret('db-pass'), CsmsResponseError);
    expect(error).toMatchObject({
      reason: 'schema',
      status: 200,
      requestId: 'rid-9',
      operation: 'ShowSecret',
    });
    expect(error.issues[0]?.path).toBe(path);
    expect(JSON.stringify(error)).not.toContain('GONE');
  });

  it('rejects a 2xx body that is not JSON', async () => {
    const { client } = await setup((_req, res) => res.end('<html>ok</html>'));
    const error = await catchError(client.listSecrets(), CsmsResponseError);
    expect(error.reason).toBe('invalid-json');
    expect(JSON.stringify(error)).not.toContain('html');
  });

  it('keeps a value out of a ShowSecretVersion schema error', async () => {
    const { client } = await setup(
      reply({ version: { version_metadata: { id: 7 }, secret_string: CANARY.password } }),
    );
    await catchError(showSecretVersion(client, 'db-pass', 'v1'), CsmsResponseError);
  });
});

describe('allSecrets', () => {
  const names = (prefix: string, n: number) =>
    Array.from({ length: n }, (_, i) => ({ ...secret, name: `${prefix}${i}` }));

  async function collect(client: CsmsClient, options = {}) {
    const iterator = client.allSecrets(options);
    const items: string[] = [];
    for (;;) {
      const next = await iterator.next();
      if (next.done) return { items, summary: next.value };
      items.push(next.value.name);
    }
  }

  it('follows next_marker and stops on a short page', async () => {
    const pages: Record<string, unknown> = {
      '': { secrets: names('a', 2), page_info: { next_marker: 'a1' } },
      a1: { secrets: names('b', 2), page_info: { next_marker: 'b1' } },
      b1: { secrets: names('c', 1), page_info: { next_marker: 'c0' } },
    };
    const { server, client } = await setup((req, res) =>
      sendJson(res, 200, pages[new URL(req.url, 'http://x').searchParams.get('marker') ?? '']),
    );
    const { items, summary } = await collect(client, { limit: 2 });
    expect(items).toEqual(['a0', 'a1', 'b0', 'b1', 'c0']);
    expect(summary).toEqual({ pages: 3, items: 5, stoppedBy: 'short-page' });
    expect(server.requests.map((r) => r.url)).toEqual([
      `${P}/secrets?limit=2`,
      `${P}/secrets?limit=2&marker=a1`,
      `${P}/secrets?limit=2&marker=b1`,
    ]);
  });

  it('stops on an empty page', async () => {
    let n = 0;
    const { client } = await setup((_req, res) =>
      sendJson(res, 200, { secrets: n++ === 0 ? names('a', 2) : [], page_info: { next_marker: `m${n}` } }),
    );
    expect((await collect(client, { limit: 2 })).summary).toEqual({
      pages: 2,
      items: 2,
      stoppedBy: 'empty-page',
    });
  });

  it.each([
    ['missing', {}],
    ['empty', { next_marker: '' }],
  ])('stops on a %s next_marker', async (_name, pageInfo) => {
    const { client } = await setup(reply({ secrets: names('a', 2), page_info: pageInfo }));
    expect((await collect(client, { limit: 2 })).summary.stoppedBy).toBe('no-marker');
  });

  it('stops on a repeated marker and yields no duplicates', async () => {
    const { server, client } = await setup(
      reply({ secrets: names('a', 2), page_info: { next_marker: 'same' } }),
    );
    const { items, summary } = await collect(client, { limit: 2 });
    expect(items).toEqual(['a0', 'a1']);
    expect(summary.stoppedBy).toBe('repeated-marker');
    expect(server.requests).toHaveLength(2);
  });

  it('stops at the page cap (20 by default)', async () => {
    let n = 0;
    const { server, client } = await setup((_req, res) => {
      n++;
      sendJson(res, 200, { secrets: names(`p${n}-`, 1), page_info: { next_marker: `m${n}` } });
    });
    const { summary } = await collect(client, { limit: 1 });
    expect(summary).toEqual({ pages: 20, items: 20, stoppedBy: 'page-cap' });
    expect(server.requests).toHaveLength(20);
    expect((await collect(client, { limit: 1, maxPages: 3 })).summary.pages).toBe(3);
  });

  it('passes a server marker back even if it breaks the input pattern, and the event filter on every page', async () => {
    let n = 0;
    const { server, client } = await setup((_req, res) =>
      sendJson(res, 200, { secrets: n++ === 0 ? names('a', 1) : [], page_info: { next_marker: 'old.name' } }),
    );
    await collect(client, { limit: 1, eventName: 'ev' });
    expect(server.requests[1]?.url).toBe(`${P}/secrets?limit=1&marker=old.name&event_name=ev`);
  });

  it('surfaces an error in the middle of the listing', async () => {
    let n = 0;
    const { client } = await setup((_req, res) =>
      n++ === 0
        ? sendJson(res, 200, { secrets: names('a', 1), page_info: { next_marker: 'a0' } })
        : sendJson(res, 403, { error_code: 'CSMS.0302', error_msg: 'denied' }),
    );
    await catchError(collect(client, { limit: 1 }), CsmsHttpError);
  });
});

describe('endpoint with a base path', () => {
  it('prefixes every request path', async () => {
    server = await startServer(reply({ secret }));
    const credentials = { type: 'aksk', accessKey: CANARY.accessKey, secretKey: CANARY.secretKey } as const;
    client = new CsmsClient({ endpoint: `${server.url}/proxy/`, projectId: PROJECT_ID, credentials });
    await client.showSecret('db-pass');
    expect(server.requests[0]?.url).toBe(`/proxy${P}/secrets/db-pass`);
  });
});
