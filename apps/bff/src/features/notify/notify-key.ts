/**
 * Which key seals channel credentials (issue 14): NOTIFY_KEY / NOTIFY_KEY_FILE when set. Without one, a BFF on
 * embedded PGlite keeps a generated key beside its database (`<BFF_DATA_DIR>/notify.key`, mode 0600), so a
 * demo or single-node install works with no setup; on PostgreSQL (several replicas, backups elsewhere) a key
 * is never invented: channels cannot be saved until one is configured (503 `notify_key_missing`).
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../config/config.js';
import { Secret } from '../../config/secret.js';

export function loadNotifyKey(
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'notify'>,
): Secret | undefined {
  if (config.notify.key !== undefined) return config.notify.key;
  if (config.databaseUrl !== undefined) return undefined;
  const file = join(config.dataDir, 'notify.key');
  mkdirSync(config.dataDir, { recursive: true });
  try {
    writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
      throw new Error(`cannot create ${file}`, { cause: error });
  }
  chmodSync(file, 0o600);
  const raw = readFileSync(file, 'utf8').trim();
  if (Buffer.from(raw, 'base64').length !== 32) throw new Error(`${file} does not hold 32 bytes as base64`);
  return new Secret(raw);
}
