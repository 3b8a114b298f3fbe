/** IAM token mode: single flight, early refresh on an injected clock, retry once on an invalid token. */
import { afterEach, describe, expect, it } from 'vitest';
import { CsmsAbortedError, CsmsHttpError, CsmsResponseError, CsmsTimeoutError } from './errors.js';
import { CsmsClient } from './operations.js';
import { IamPasswordTokenProvider, type IamPasswordTokenOptions } from './token-provider.js';
import { CANARY, catchError, PROJECT_ID } from '../test/support/secrets.js';
import {
  sendJson,
  startServer,
  type Handler,
  type Recorded,
  type TestServer,
} from '../test/support/server.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2030, 0, 1);

let server: TestServer | undefined;
let providers: IamPasswordTokenProvider[] = [];

afterEach(async () => {
  await server?.close();
  server = undefined;
  providers = [];
});

interface Iam {
  tokens: string[];
  /** Lifetime of issued tokens, by the server's clock. */
  lifetimeMs?: number;
  /** Server clock offset from the test clock (skew). */
  skewMs?: number;
  delayMs?: number;
  fail?: (call: number) => boolean;
}

/** One server for both IAM (`/v3/auth/tokens`) and CSMS (`/v1/...`). */
async function setup(iam: Iam, csms: Handler = (_req, res) => sendJson(res, 200, { secrets: [] })) {
  let clock = T0;
  let iamCalls = 0;
  server = await startServer(async (req, res) => {
    if (!req.url.startsWith('/v3/auth/tokens')) return csms(req, res);
    const call = iamCalls++;
    if (iam.delayMs) await new Promise((r) => setTimeout(r, iam.delayMs));
    if (iam.fail?.(call)) {
      sendJson(res, 401, {
        error: { code: 401, message: 'The username or password is wrong.', title: 'Unauthorized' },
      });
      return;
    }
    const issued = clock + (iam.skewMs ?? 0);
    const expires = issued + (iam.lifetimeMs ?? 24 * HOUR);
    const token = iam.tokens[Math.min(call, iam.tokens.length - 1)]!;
    sendJson(
      res,
      201,
      {
        token: {
          issued_at: new Date(issued).toISOString(),
          expires_at: new Date(expires).toISOString(),
          methods: ['password'],
          catalog: [],
        },
      },
      { 'x-subject-token': token },
    );
  });
  const options: IamPasswordTokenOptions = {
    iamEndpoint: server.url,
    userName: 'console-bot',
    password: CANARY.password,
    domainName: 'acme',
    project: { id: PROJECT_ID },
    now: () => clock,
  };
  const provider = new IamPasswordTokenProvider(options);
  providers.push(provider);
  const client = new CsmsClient({ endpoint: server.url, projectId: PROJECT_ID, tokenProvider: provider });
  return {
    server,
    provider,
    client,
    iamRequests: () => server!.requests.filter((r) => r.url.startsWith('/v3/')),
    csmsRequests: () => server!.requests.filter((r) => r.url.startsWith('/v1/')),
    advance: (ms: number) => (clock += ms),
  };
}

describe('IamPasswordTokenProvider', () => {
  it('asks IAM for a project-scoped token by password, as docs/csms-api.md §7.2 shows', async () => {
    const { provider, iamRequests } = await setup({ tokens: [CANARY.token] });
    expect(await provider.getToken()).toBe(CANARY.token);
    const [request] = iamRequests();
    expect(request).toMatchObject({ method: 'POST', url: '/v3/auth/tokens?nocatalog=true' });
    expect(JSON.parse(request!.body)).toEqual({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'console-bot', password: CANARY.password, domain: { name: 'acme' } } },
        },
        scope: { project: { id: PROJECT_ID } },
      },
    });
  });

  it('shares one IAM request among 10 concurrent callers', async () => {
    const { provider, iamRequests } = await setup({ tokens: [CANARY.token], delayMs: 50 });
    const tokens = await Promise.all(Array.from({ length: 10 }, () => provider.getToken()));
    expect(new Set(tokens)).toEqual(new Set([CANARY.token]));
    expect(iamRequests()).toHaveLength(1);
  });

  it('caches the token and refreshes it once 10% of its lifetime remains', async () => {
    const { provider, iamRequests, advance } = await setup({ tokens: [CANARY.token, CANARY.token2] });
    expect(await provider.getToken()).toBe(CANARY.token);
    advance(21 * HOUR); // 3 h left of 24 h: more than 2.4 h
    expect(await provider.getToken()).toBe(CANARY.token);
    expect(iamRequests()).toHaveLength(1);
    advance(1 * HOUR); // 2 h left: refresh
    expect(await provider.getToken()).toBe(CANARY.token2);
    expect(iamRequests()).toHaveLength(2);
  });

  it('refreshes 5 minutes before expiry for short-lived tokens', async () => {
    const { provider, iamRequests, advance } = await setup({
      tokens: ['t-1', 't-2'],
      lifetimeMs: 20 * 60_000,
    });
    await provider.getToken();
    advance(14 * 60_000);
    await provider.getToken();
    expect(iamRequests()).toHaveLength(1);
    advance(2 * 60_000); // 4 min left
    expect(await provider.getToken()).toBe('t-2');
  });

  it('counts the lifetime by the server clock, so a skewed IAM clock does not matter', async () => {
    const { provider, iamRequests, advance } = await setup({ tokens: ['t-1', 't-2'], skewMs: -48 * HOUR });
    await provider.getToken();
    advance(HOUR);
    expect(await provider.getToken()).toBe('t-1');
    expect(iamRequests()).toHaveLength(1);
  });

  it('keeps using the old token while a failed early refresh leaves it valid, then surfaces the failure', async () => {
    const { provider, advance } = await setup({ tokens: ['t-1'], fail: (call) => call > 0 });
    await provider.getToken();
    advance(23 * HOUR);
    expect(await provider.getToken()).toBe('t-1');
    advance(2 * HOUR);
    await catchError(provider.getToken(), CsmsHttpError);
  });

  it('surfaces IAM 401 as CsmsHttpError without the password, and does not retry the POST', async () => {
    const { provider, iamRequests } = await setup({ tokens: ['t'], fail: () => true });
    const error = await catchError(provider.getToken(), CsmsHttpError);
    expect(error).toMatchObject({
      status: 401,
      errorCode: '401',
      errorMsg: 'The username or password is wrong.',
      operation: 'KeystoneCreateUserTokenByPassword',
    });
    expect(error.message).not.toContain(CANARY.password);
    expect(JSON.stringify(error)).not.toContain(CANARY.password);
    expect(iamRequests()).toHaveLength(1);
  });

  it('rejects an answer without X-Subject-Token', async () => {
    server = await startServer((_req, res) =>
      sendJson(res, 201, { token: { expires_at: '2030-01-02T00:00:00Z' } }),
    );
    const provider = new IamPasswordTokenProvider({
      iamEndpoint: server.url,
      userName: 'u',
      password: CANARY.password,
      domainName: 'd',
      project: { name: 'cn-north-4' },
    });
    const error = await catchError(provider.getToken(), CsmsResponseError);
    expect(error.reason).toBe('missing-header');
    expect(JSON.parse(server.requests[0]!.body).auth.scope).toEqual({ project: { name: 'cn-north-4' } });
  });

  it('lets a caller stop waiting without cancelling the shared request', async () => {
    const { provider, iamRequests } = await setup({ tokens: ['t-1'], delayMs: 100 });
    const controller = new AbortController();
    const impatient = provider.getToken({ signal: controller.signal });
    const patient = provider.getToken();
    controller.abort();
    await catchError(impatient, CsmsAbortedError);
    expect(await patient).toBe('t-1');
    expect(iamRequests()).toHaveLength(1);
  });
});

describe('CsmsClient in token mode', () => {
  const tokenOf = (r: Recorded) => r.headers['x-auth-token'];

  it('sends X-Auth-Token and no signature headers', async () => {
    const { client, csmsRequests } = await setup({ tokens: [CANARY.token] });
    await client.listSecrets();
    const [request] = csmsRequests();
    expect(tokenOf(request!)).toBe(CANARY.token);
    expect(request!.headers).not.toHaveProperty('authorization');
    expect(request!.headers).not.toHaveProperty('x-sdk-date');
    expect(request!.headers['content-type']).toBe('application/json');
  });

  it.each([
    [
      '401 from the gateway',
      401,
      { error_code: 'APIGW.0301', error_msg: 'Incorrect IAM authentication information' },
    ],
    ['400 CSMS.0301', 400, { error_code: 'CSMS.0301', error_msg: 'Invalid X-Auth-Token.' }],
  ])('retries once with a fresh token after %s', async (_name, status, body) => {
    const { client, csmsRequests, iamRequests } = await setup(
      { tokens: [CANARY.token, CANARY.token2] },
      (req, res) =>
        tokenOf(req) === CANARY.token ? sendJson(res, status, body) : sendJson(res, 200, { secrets: [] }),
    );
    await client.listSecrets();
    expect(csmsRequests().map(tokenOf)).toEqual([CANARY.token, CANARY.token2]);
    expect(iamRequests()).toHaveLength(2);
  });

  it('retries only once', async () => {
    const { client, csmsRequests } = await setup({ tokens: [CANARY.token, CANARY.token2] }, (_req, res) =>
      sendJson(res, 401, { error_code: 'APIGW.0301', error_msg: `bad token ${CANARY.token2}` }),
    );
    const error = await catchError(client.listSecrets(), CsmsHttpError);
    expect(error.errorMsg).toBe('bad token [REDACTED]');
    expect(csmsRequests()).toHaveLength(2);
  });

  it('refreshes once for 10 concurrent calls rejected with the same token', async () => {
    const { client, iamRequests } = await setup(
      { tokens: [CANARY.token, CANARY.token2], delayMs: 20 },
      (req, res) =>
        tokenOf(req) === CANARY.token ? sendJson(res, 401, {}) : sendJson(res, 200, { secrets: [] }),
    );
    await Promise.all(Array.from({ length: 10 }, () => client.listSecrets()));
    expect(iamRequests()).toHaveLength(2);
  });

  it('surfaces a failed IAM login once, without retrying it as an invalid token', async () => {
    const { client, csmsRequests, iamRequests } = await setup({ tokens: ['t'], fail: () => true });
    const error = await catchError(client.listSecrets(), CsmsHttpError);
    expect(error).toMatchObject({ status: 401, operation: 'KeystoneCreateUserTokenByPassword' });
    expect(iamRequests()).toHaveLength(1);
    expect(csmsRequests()).toHaveLength(0);
  });

  it('does not retry other errors', async () => {
    const { client, csmsRequests } = await setup({ tokens: ['t-1'] }, (_req, res) =>
      sendJson(res, 403, { error_code: 'CSMS.0302', error_msg: 'forbidden' }),
    );
    await catchError(client.listSecrets(), CsmsHttpError);
    expect(csmsRequests()).toHaveLength(1);
  });

  it('ends the call at its deadline while the token is still being fetched', async () => {
    const { client, csmsRequests } = await setup({ tokens: ['t-1'], delayMs: 500 });
    const error = await catchError(client.listSecrets({ deadlineMs: 50 }), CsmsTimeoutError);
    expect(error.kind).toBe('deadline');
    expect(csmsRequests()).toHaveLength(0);
  });
});
