/**
 * The store's entry point: `openStores` opens the database (PGlite or PostgreSQL), runs the migrations and
 * returns every store over it. Services import the types from here, never a driver.
 */
import { createAuditStore } from './audit-store.js';
import { createBatchStore } from './batch-store.js';
import { openDb, type OpenDbOptions } from './db.js';
import { createFleetStore } from './fleet-store.js';
import { createLoginCounterStore } from './login-counter-store.js';
import { migrate } from './migrations.js';
import { createNotifyHealthStore } from './notify-health-store.js';
import { createNotifyConfigStore } from './notify-config-store.js';
import { createRateLimitStore } from './rate-limit-store.js';
import { createSessionStore } from './session-store.js';
import type { Db, Stores } from './types.js';
import { createUserStore } from './users-store.js';

export * from './types.js';
export { openDb, type OpenDbOptions } from './db.js';
export { migrate, MIGRATIONS } from './migrations.js';
export type { HealthChannel, HealthRule, NotifyHealth, NotifyHealthStore } from './notify-health-store.js';

export interface OpenStoresOptions extends OpenDbOptions {
  /** The clock for audit `at` when the caller gives none, and for the readiness probe. */
  now?: () => number;
}

export async function openStores(options: OpenStoresOptions): Promise<Stores> {
  const now = options.now ?? Date.now;
  const db = await openDb(options);
  try {
    await migrate(db, now());
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
  return createStores(db, now);
}

/** Every store over an open, migrated `db`; `close()` closes the db. */
export function createStores(db: Db, now: () => number): Stores {
  return {
    db,
    users: createUserStore(db),
    sessions: createSessionStore(db),
    loginCounters: createLoginCounterStore(db),
    rateLimits: createRateLimitStore(db),
    audit: createAuditStore(db, now),
    fleet: createFleetStore(db),
    batches: createBatchStore(db),
    notifyHealth: createNotifyHealthStore(db),
    notifyConfig: createNotifyConfigStore(db),
    probeWritable: async () => {
      await db.query(
        'INSERT INTO store_probe (id, at) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET at = EXCLUDED.at',
        [now()],
      );
    },
    close: () => db.close(),
  };
}
