/**
 * Our own client against our own emulator, over real HTTP: both sides of the wire layer together.
 * (Each side is refereed separately by the official SDK core; this proves they agree with each other.)
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CsmsClient,
  CsmsHttpError,
  CsmsInputError,
  IamPasswordTokenProvider,
} from '@csms-console/csms-client';
import { showSecretVersion } from '@csms-console/csms-client/values';
import { startEmulator, type RunningEmulator } from '../src/index.js';

const DAY = 86_400_000;
let emulator: RunningEmulator;
let csms: CsmsClient;

const fast = { backoffBaseMs: 1, backoffCapMs: 5, throttleBackoffBaseMs: 1, throttleBackoffCapMs: 5 };

beforeAll(async () => {
  emulator = await startEmulator({
    seed: 'demo',
    credentials: [
      { accessKey: 'AKCLIENTTEST0000000', secretKey: 'SKCLIENTTEST000000000000000000000000000' },
      {
        accessKey: 'AKTEMPORARY00000000',
        secretKey: 'SKTEMPORARY0000000000000000000000000000',
        securityToken: 'sts-token-for-client-test',
      },
      {
        accessKey: 'AKREADONLY000000000',
        secretKey: 'SKREADONLY00000000000000000000000000000',
        actions: ['csms:secret:list', 'csms:secret:listVersion'],
      },
    ],
    iamUsers: [{ user: 'console-bot', password: 'iam-password-for-client-test', domain: 'demo-domain' }],
  });
  csms = client('AKCLIENTTEST0000000', 'SKCLIENTTEST000000000000000000000000000');
});
afterAll(() => emulator.close());
beforeEach(() => {
  emulator.reset();
});

function client(accessKey: string, secretKey: string, securityToken?: string): CsmsClient {
  return new CsmsClient({
    endpoint: emulator.url,
    projectId: emulator.projectId,
    credentials: { type: 'aksk', accessKey, secretKey, ...(securityToken ? { securityToken } : {}) },
    transport: fast,
  });
}

async function failure(promise: Promise<unknown>): Promise<CsmsHttpError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CsmsHttpError);
  return error as CsmsHttpError;
}

describe('csms-client on the emulator', () => {
  it('pages through every demo secret with markers', async () => {
    const names: string[] = [];
    const pages = csms.allSecrets({ limit: 7 });
    let step = await pages.next();
    while (!step.done) {
      names.push(step.value.name);
      step = await pages.next();
    }
    expect(names.length).toBeGreaterThanOrEqual(60);
    expect(new Set(names).size).toBe(names.length);
    expect(step.value.stoppedBy).toMatch(/short-page|no-marker|empty-page/);
  });

  it('updates a version expiry and reads the stored value back at second precision', async () => {
    const target = Date.now() + 45 * DAY + 123;
    const updated = await csms.updateVersion('payments-db-password', 'v5', target);
    expect(updated.expire_time).toBe(Math.floor(target / 1000) * 1000);
    const page = await csms.listSecretVersions('payments-db-password');
    const v5 = page.version_metadatas.find((v) => v.id === 'v5');
    expect(v5?.expire_time).toBe(updated.expire_time);
    expect(v5?.version_stages).toContain('SYSCURRENT');
    const puts = emulator.requestLog.list({ operation: 'UpdateVersion' });
    expect(puts).toHaveLength(1);
    expect(puts[0]?.access_key_id).toBe('AKCLIENTTEST0000000');
  });

  it('reports the state gate and unknown secrets with CSMS codes and request ids', async () => {
    const disabled = await failure(csms.updateVersion('legacy-ldap-bind', 'v3', Date.now() + DAY));
    expect([disabled.status, disabled.errorCode]).toEqual([403, 'CSMS.0109']);
    expect(disabled.requestId).toMatch(/^[0-9a-f]{32}$/);
    const missing = await failure(csms.showSecret('no-such-secret'));
    expect([missing.status, missing.errorCode]).toEqual([404, 'CSMS.0106']);
  });

  it('rejects bad input before the emulator sees anything', async () => {
    await expect(csms.updateVersion('payments-db-password', 'v5', 1.5)).rejects.toBeInstanceOf(
      CsmsInputError,
    );
    await expect(csms.updateVersion('bad name', 'v5', Date.now())).rejects.toBeInstanceOf(CsmsInputError);
    expect(emulator.requestLog.list()).toHaveLength(0);
  });

  it('signs temporary credentials with their security token', async () => {
    const temporary = client(
      'AKTEMPORARY00000000',
      'SKTEMPORARY0000000000000000000000000000',
      'sts-token-for-client-test',
    );
    expect((await temporary.showSecret('orders-api-key')).state).toBe('ENABLED');
    const withoutToken = client('AKTEMPORARY00000000', 'SKTEMPORARY0000000000000000000000000000');
    expect((await failure(withoutToken.showSecret('orders-api-key'))).status).toBe(401);
  });

  it('gets a 403 for an action the credential is not allowed', async () => {
    const readOnly = client('AKREADONLY000000000', 'SKREADONLY00000000000000000000000000000');
    expect((await readOnly.listSecretVersions('orders-api-key')).version_metadatas.length).toBeGreaterThan(0);
    const denied = await failure(readOnly.updateVersion('orders-api-key', 'v2', Date.now() + DAY));
    expect(denied.status).toBe(403);
    expect(
      emulator.store.project(emulator.projectId)?.secrets['orders-api-key']?.versions[1]?.expire_time,
    ).toBeLessThan(Date.now());
  });

  it('works in IAM token mode, fetching one token for many calls', async () => {
    const tokenProvider = new IamPasswordTokenProvider({
      iamEndpoint: emulator.iam.url,
      userName: 'console-bot',
      password: 'iam-password-for-client-test',
      domainName: 'demo-domain',
      project: { id: emulator.projectId },
    });
    const viaToken = new CsmsClient({ endpoint: emulator.url, projectId: emulator.projectId, tokenProvider });
    await Promise.all([viaToken.showSecret('orders-api-key'), viaToken.listSecretVersions('orders-api-key')]);
    await viaToken.updateVersion('orders-api-key', 'v2', Date.now() + 10 * DAY);
    expect(emulator.requestLog.list({ operation: 'KeystoneCreateUserTokenByPassword' })).toHaveLength(1);
    expect(emulator.requestLog.list({ operation: 'UpdateVersion' })[0]?.user).toBe('console-bot');
  });

  it('retries a 502 storm three times, then reports it; a later success is not lost', async () => {
    emulator.faults.add({ operation: 'UpdateVersion', type: 'error', status: 502 });
    const storm = await failure(csms.updateVersion('orders-api-key', 'v2', Date.now() + DAY));
    expect(storm.status).toBe(502);
    expect(emulator.requestLog.list({ operation: 'UpdateVersion' })).toHaveLength(3);

    emulator.faults.clear();
    emulator.requestLog.clear();
    emulator.faults.add({ operation: 'UpdateVersion', type: 'error', status: 502, times: 2 });
    const target = Math.floor((Date.now() + 5 * DAY) / 1000) * 1000;
    expect((await csms.updateVersion('orders-api-key', 'v2', target)).expire_time).toBe(target);
    expect(emulator.requestLog.list({ operation: 'UpdateVersion' }).map((e) => e.status)).toEqual([
      502, 502, 200,
    ]);
  });

  it('honours a short Retry-After on 429', async () => {
    emulator.faults.add({ operation: 'ShowSecret', type: 'throttle', retry_after: 1, times: 1 });
    const started = Date.now();
    expect((await csms.showSecret('orders-api-key')).name).toBe('orders-api-key');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('reads a value only through the ./values subpath', async () => {
    const version = await showSecretVersion(csms, 'orders-api-key', 'latest');
    expect(version.version_metadata.id).toBe('v2');
    expect(version.secret_string).toMatch(/^demo-only-value-/);
    expect(Object.keys(await import('@csms-console/csms-client'))).not.toContain('showSecretVersion');
  });
});
