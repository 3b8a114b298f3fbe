/**
 * The environment of a BFF child process in the multi-process tests (two, three, fleet, batches): a fresh
 * data directory, an ephemeral port, one PostgreSQL database, the given CSMS accounts (all on one emulator),
 * and whatever the test sets on top. Only PATH and HOME come from the parent, so nothing of the developer's
 * own environment leaks into what is tested.
 */
import type { RunningEmulator } from '@csms-console/csms-emulator';

export interface BffProcessEnv {
  dataDir: string;
  origin: string;
  databaseUrl: string;
  /** CSMS account names, each on `csms` with its own credentials. */
  accounts: readonly string[];
  csms: Pick<RunningEmulator, 'region' | 'projectId' | 'url' | 'credentials'>;
}

export function bffProcessEnv(
  { dataDir, origin, databaseUrl, accounts, csms }: BffProcessEnv,
  extra: Record<string, string> = {},
): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    BFF_PORT: '0',
    BFF_PUBLIC_ORIGIN: origin,
    BFF_DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    CSMS_ACCOUNTS: accounts.join(','),
  };
  for (const name of accounts) {
    const p = `CSMS_${name.toUpperCase()}`;
    env[`${p}_REGION`] = csms.region;
    env[`${p}_PROJECT_ID`] = csms.projectId;
    env[`${p}_ENDPOINT`] = csms.url;
    env[`${p}_AK`] = csms.credentials.accessKey;
    env[`${p}_SK`] = csms.credentials.secretKey;
  }
  return { ...env, ...extra };
}
