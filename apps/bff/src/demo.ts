/**
 * Demo mode (no CSMS account configured): the CSMS emulator runs in-process with the `demo` seed, its data
 * kept under the data directory, and the BFF gets a fresh least-privilege key for it: the metadata reads and
 * UpdateVersion only, no value-read action (docs/security.md K2), so even a bug could not fetch a secret value.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CONSOLE_IAM_ACTIONS } from '@csms-console/csms-client';
import { startEmulator, type RunningEmulator } from '@csms-console/csms-emulator';
import type { Logger } from 'pino';
import { akskAuth, type AccountConfig } from './config/accounts.js';

export async function startDemoEmulator(options: {
  dataDir: string | undefined;
  seed: string;
  logger: Logger;
}): Promise<{ emulator: RunningEmulator; account: AccountConfig & { emulated: true } }> {
  const accessKey = randomBytes(10).toString('hex').toUpperCase();
  const secretKey = randomBytes(20).toString('hex');
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const emulator = await startEmulator({
    seed: options.seed,
    dataFile: options.dataDir ? join(options.dataDir, 'emulator.json') : undefined,
    credentials: [{ accessKey, secretKey, actions: [...CONSOLE_IAM_ACTIONS] }],
    logger: {
      info: (msg: string) => options.logger.info({ component: 'emulator' }, msg),
      error: (msg: string) => options.logger.error({ component: 'emulator' }, msg),
    },
  });
  return {
    emulator,
    account: {
      name: 'demo',
      region: emulator.region,
      projectId: emulator.projectId,
      endpoint: emulator.url,
      auth: akskAuth({ accessKey, secretKey }),
      emulated: true,
    },
  };
}
