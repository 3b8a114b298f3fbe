/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return -- wire JSON, asserted field by field */
/**
 * The official SDK core (`@huaweicloud/huaweicloud-sdk-core`: ClientBuilder + BasicCredentials, generic
 * HcClient.sendRequest, its own signer and error parsing) against the emulator: the "Done when".
 */
import { createRequire } from 'node:module';
import { startEmulatorCli, type EmulatorProcess } from '@csms-console/process-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from './testing/harness.js';

// The core's main entry does not export ClientBuilder; its CommonJS modules are loaded directly.
const require = createRequire(import.meta.url);

interface SdkRequest {
  method: string;
  url: string;
  pathParams: Record<string, string>;
  queryParams: Record<string, unknown>;
  headers: Record<string, string>;
  contentType: string;
  data?: unknown;
}
interface Client {
  sendRequest(options: SdkRequest): Promise<any>;
}
interface Credentials {
  withAk(ak: string): Credentials;
  withSk(sk: string): Credentials;
  withProjectId(id: string): Credentials;
  withSecurityToken(token: string): Credentials;
}
const { ClientBuilder } = require('@huaweicloud/huaweicloud-sdk-core/ClientBuilder.js') as {
  ClientBuilder: new (init: (client: Client) => Client) => {
    withCredential(c: Credentials): { withEndpoint(url: string): { build(): Client } };
  };
};
// Its log4js logger prints every error response with the full axios config; tests keep quiet.
(
  require('@huaweicloud/huaweicloud-sdk-core/logger/log4jLogger.js') as {
    Logger4jInstance: { level: string };
  }
).Logger4jInstance.level = 'off';
const { BasicCredentials } = require('@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials.js') as {
  BasicCredentials: new () => Credentials;
};

function sdkClient(url: string, projectId: string, ak: string, sk: string, securityToken?: string): Client {
  const credentials = new BasicCredentials().withAk(ak).withSk(sk).withProjectId(projectId);
  if (securityToken) credentials.withSecurityToken(securityToken);
  return new ClientBuilder((client) => client).withCredential(credentials).withEndpoint(url).build();
}

const VERSIONS = '/v1/{project_id}/secrets/{secret_name}/versions';

function listVersions(client: Client, secret: string): Promise<any> {
  return client.sendRequest({
    method: 'GET',
    url: VERSIONS,
    pathParams: { secret_name: secret },
    queryParams: { limit: 20 },
    headers: {},
    contentType: 'application/json',
  });
}

function updateVersion(client: Client, secret: string, version: string, data: unknown): Promise<any> {
  return client.sendRequest({
    method: 'PUT',
    url: `${VERSIONS}/{version_id}`,
    pathParams: { secret_name: secret, version_id: version },
    queryParams: {},
    headers: {},
    contentType: 'application/json',
    data,
  });
}

const failure = (promise: Promise<unknown>): Promise<any> =>
  promise.then(
    () => {
      throw new Error('expected the SDK to throw');
    },
    (error: unknown) => error,
  );

describe('official SDK core against `pnpm emulator --seed demo`', () => {
  let cli: EmulatorProcess;
  let client: Client;

  beforeAll(async () => {
    cli = await startEmulatorCli({ args: ['--seed', 'demo', '--port', '0'] });
    client = sdkClient(
      cli.url,
      cli.ready.projectId,
      cli.ready.credentials.accessKey,
      cli.ready.credentials.secretKey,
    );
  }, 30_000);
  afterAll(async () => {
    await cli.stop();
  });

  it('lists versions, updates an expiry, and reads the new expire_time back', async () => {
    const before = await listVersions(client, 'payments-db-password');
    expect(before.httpStatusCode).toBe(200);
    expect(before.version_metadatas.length).toBeGreaterThan(1);
    const current = before.version_metadatas.find((v: any) => v.version_stages.includes('SYSCURRENT'));

    const expire = Math.floor(Date.now() / 1000) * 1000 + 45 * 86_400_000;
    const updated = await updateVersion(client, 'payments-db-password', current.id, { expire_time: expire });
    expect(updated.version_metadata).toMatchObject({
      id: current.id,
      expire_time: expire,
      secret_name: 'payments-db-password',
    });

    const after = await listVersions(client, 'payments-db-password');
    expect(after.version_metadatas.find((v: any) => v.id === current.id).expire_time).toBe(expire);
  });
});

describe('official SDK core: errors and temporary credentials', () => {
  let t: TestEmulator;
  let client: Client;

  beforeAll(async () => {
    t = await startTestEmulator({ seed: 'demo' });
    client = sdkClient(t.emu.url, t.emu.projectId, t.emu.credentials.accessKey, t.emu.credentials.secretKey);
  });
  afterAll(() => t.close());

  it('parses the flat error of a 400 into errorCode/errorMsg/requestId', async () => {
    const error = await failure(
      updateVersion(client, 'payments-db-password', 'v1', { expire_time: 'tomorrow' }),
    );
    expect(error).toMatchObject({
      name: 'ClientRequestException',
      httpStatusCode: 400,
      errorCode: 'CSMS.0002',
      errorMsg: expect.stringContaining('expire_time'),
    });
    expect(error.requestId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('parses the 404 of an unknown secret and the gateway 401 of a wrong SK', async () => {
    const missing = await failure(listVersions(client, 'no-such-secret'));
    expect(missing).toMatchObject({ httpStatusCode: 404, errorCode: 'CSMS.0106' });
    const wrong = sdkClient(t.emu.url, t.emu.projectId, t.emu.credentials.accessKey, 'wrong-secret-key');
    expect(await failure(listVersions(wrong, 'payments-db-password'))).toMatchObject({
      httpStatusCode: 401,
      errorCode: 'APIGW.0301',
    });
  });

  it('signs temporary credentials with X-Security-Token that the emulator verifies', async () => {
    const temp = {
      accessKey: 'STSAK00000000000000A',
      secretKey: 'sts-secret',
      securityToken: 'sts-security-token',
    };
    t.emu.identity.addCredential(temp);
    const sts = sdkClient(t.emu.url, t.emu.projectId, temp.accessKey, temp.secretKey, temp.securityToken);
    expect((await listVersions(sts, 'payments-db-password')).httpStatusCode).toBe(200);
    const noToken = sdkClient(t.emu.url, t.emu.projectId, temp.accessKey, temp.secretKey);
    expect(await failure(listVersions(noToken, 'payments-db-password'))).toMatchObject({
      httpStatusCode: 401,
    });
  });
});
