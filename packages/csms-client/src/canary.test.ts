/**
 * Canary: with real credentials in play (temporary AK/SK with a security token, and an IAM password and
 * token), one error of every type is provoked — upstreams even echo the credentials back — and no rendering
 * of any error (String, JSON.stringify, util.inspect) holds a credential. Every other test in the suite
 * catches errors through `catchError`, which applies the same check.
 */
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CsmsAbortedError,
  type CsmsError,
  CsmsHttpError,
  CsmsInputError,
  CsmsNetworkError,
  CsmsResponseError,
  CsmsTimeoutError,
} from './errors.js';
import { CsmsClient } from './operations.js';
import { IamPasswordTokenProvider } from './token-provider.js';
import { CANARY, CANARY_VALUES, catchError, PROJECT_ID } from '../test/support/secrets.js';
import { sendJson, startServer, type TestServer } from '../test/support/server.js';

const echoed = (headers: Record<string, string | string[] | undefined>) =>
  ['authorization', 'x-security-token', 'x-auth-token']
    .map((name) => String(headers[name] ?? ''))
    .join(' | ');

let server: TestServer;
let aksk: CsmsClient;
let token: CsmsClient;
let provider: IamPasswordTokenProvider;
const seen = new Set<string>();

beforeAll(async () => {
  // Upstreams echo back whatever credentials they received: headers for CSMS, the password for IAM.
  server = await startServer((req, res) => {
    if (req.url.startsWith('/v3/auth/tokens')) {
      const password = String(JSON.parse(req.body).auth.identity.password.user.password);
      if (!password.startsWith('wrong')) {
        return sendJson(
          res,
          201,
          { token: { expires_at: '2099-01-01T00:00:00Z' } },
          { 'x-subject-token': CANARY.token },
        );
      }
      return sendJson(res, 401, {
        error: { code: 401, message: `bad password ${password}`, title: 'Unauthorized' },
      });
    }
    const echo = echoed(req.headers);
    const requestId = String(req.headers['x-security-token'] ?? req.headers['x-auth-token']);
    const name = req.url.split('/')[4] ?? '';
    if (name === 'hang') return;
    if (name === 'reset') return void res.socket?.destroy();
    if (name === 'schema') return sendJson(res, 200, { secret: { name: echo, id: 1, state: echo } });
    if (name === 'flat')
      return sendJson(res, 400, { error_code: 'CSMS.0002', error_msg: echo }, { 'x-request-id': requestId });
    if (name === 'nested') return sendJson(res, 400, { error: { error_code: requestId, error_msg: echo } });
    sendJson(res, 502, { error_code: 'APIGW.0500', error_msg: echo, request_id: requestId });
  });
  const transport = { readAttemptTimeoutMs: 50, runtime: { sleep: () => Promise.resolve() } };
  aksk = new CsmsClient({
    endpoint: server.url,
    projectId: PROJECT_ID,
    credentials: {
      type: 'aksk',
      accessKey: CANARY.accessKey,
      secretKey: CANARY.secretKey,
      securityToken: CANARY.securityToken,
    },
    transport,
  });
  provider = new IamPasswordTokenProvider({
    iamEndpoint: server.url,
    userName: 'u',
    password: CANARY.password,
    domainName: 'd',
    project: { id: PROJECT_ID },
  });
  token = new CsmsClient({ endpoint: server.url, projectId: PROJECT_ID, tokenProvider: provider, transport });
});

afterAll(async () => {
  aksk.transport.close();
  token.transport.close();
  await server.close();
  expect([...seen].sort()).toEqual(
    [
      'CsmsAbortedError',
      'CsmsHttpError',
      'CsmsInputError',
      'CsmsNetworkError',
      'CsmsResponseError',
      'CsmsTimeoutError',
    ].sort(),
  );
});

async function provoke<E extends CsmsError>(
  action: Promise<unknown> | (() => unknown),
  type: abstract new (...args: never[]) => E,
) {
  const error = await catchError(action, type);
  seen.add(error.name);
  return error;
}

describe.each([
  ['AK/SK with security token', () => aksk],
  ['IAM token', () => token],
])('no credential in any error, %s', (_mode, client) => {
  it.each(['flat', 'nested', 'gateway'])(
    'CsmsHttpError from an upstream echoing credentials (%s)',
    async (name) => {
      const error = await provoke(client().showSecret(name), CsmsHttpError);
      expect(error.errorMsg).toContain('[REDACTED]');
    },
  );

  it('CsmsResponseError from a 2xx body echoing credentials', async () => {
    await provoke(client().showSecret('schema'), CsmsResponseError);
  });

  it('CsmsTimeoutError (attempt and deadline)', async () => {
    await provoke(client().showSecret('hang'), CsmsTimeoutError);
    await provoke(client().showSecret('hang', { deadlineMs: 20 }), CsmsTimeoutError);
  });

  it('CsmsNetworkError', async () => {
    await provoke(client().showSecret('reset'), CsmsNetworkError);
  });

  it('CsmsAbortedError', async () => {
    await provoke(client().showSecret('hang', { signal: AbortSignal.timeout(10) }), CsmsAbortedError);
  });

  it('CsmsInputError for a credential passed where a name belongs', async () => {
    await provoke(client().showSecret(CANARY.password), CsmsInputError);
    await provoke(client().updateVersion('s', CANARY.secretKey, 0), CsmsInputError);
    await provoke(client().listSecrets({ marker: `${CANARY.securityToken}/` }), CsmsInputError);
  });
});

describe('no credential in errors about the credentials themselves', () => {
  it('a malformed security token', async () => {
    const credentials = {
      type: 'aksk' as const,
      accessKey: CANARY.accessKey,
      secretKey: CANARY.secretKey,
      securityToken: `${CANARY.securityToken} \n`,
    };
    await provoke(
      () => new CsmsClient({ endpoint: server.url, projectId: PROJECT_ID, credentials }),
      CsmsInputError,
    );
  });

  it('an endpoint embedding the password', async () => {
    const endpoint = `https://u:${CANARY.password}@kms.example.com`;
    await provoke(
      () => new CsmsClient({ endpoint, projectId: PROJECT_ID, tokenProvider: provider }),
      CsmsInputError,
    );
  });

  it('IAM rejecting the password, echoing it', async () => {
    const wrong = new IamPasswordTokenProvider({
      iamEndpoint: server.url,
      userName: 'u',
      password: `wrong-${CANARY.password}`,
      domainName: 'd',
      project: { id: PROJECT_ID },
    });
    await provoke(wrong.getToken(), CsmsHttpError);
  });

  it('the client and provider objects themselves', () => {
    for (const value of [aksk, token, provider]) {
      for (const rendering of [JSON.stringify(value), inspect(value, { depth: 6 })]) {
        for (const secret of CANARY_VALUES) expect(rendering).not.toContain(secret);
      }
    }
  });
});
