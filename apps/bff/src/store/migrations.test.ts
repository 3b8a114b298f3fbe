import { expect, it } from 'vitest';
import { openStores } from './index.js';
import { MIGRATIONS, migrate } from './migrations.js';
import {
  describeEachStore,
  dropTestSchema,
  openTestStores,
  storeBackends,
  STORE_OPEN_TIMEOUT_MS,
  TEST_DATABASE_URL,
  uniqueSchema,
} from './testing.js';
import { fleetAnswer } from '../features/fleet/fleet-answer.js';
import { IntentSettledError } from './types.js';

describeEachStore('migrations', (getStores) => {
  it('records every migration once', async () => {
    const { rows } = await getStores().db.query<{ version: number }>('SELECT version FROM schema_migrations');
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('is idempotent', async () => {
    expect(await migrate(getStores().db, 1)).toEqual([]);
    expect(await migrate(getStores().db, 2)).toEqual([]);
    const { rows } = await getStores().db.query('SELECT version FROM schema_migrations');
    expect(rows).toHaveLength(MIGRATIONS.length);
  });

  it('refuses a database migrated by a newer build', async () => {
    const { db } = getStores();
    await db.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)");
    await expect(migrate(db, 3)).rejects.toThrow(/newer than this build/);
    await db.query('DELETE FROM schema_migrations WHERE version = 999');
  });
});

it.skipIf(!storeBackends().includes('postgres'))(
  'two processes opening one fresh PostgreSQL schema at once migrate it once',
  async () => {
    const schema = uniqueSchema();
    const options = { databaseUrl: TEST_DATABASE_URL, schema };
    const opened = await Promise.allSettled([openStores(options), openStores(options), openStores(options)]);
    const stores = opened.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    try {
      expect(opened.filter((r) => r.status === 'rejected')).toEqual([]);
      const { rows } = await stores[0]!.db.query<{ version: number; n: number }>(
        'SELECT version, count(*) OVER () AS n FROM schema_migrations',
      );
      expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
      await stores[1]!.users.create({ name: 'first', role: 'admin', passwordHash: 'h', now: 1 });
      expect(await stores[2]!.users.count()).toBe(1);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
      await dropTestSchema(schema);
    }
  },
  60_000,
);

it(
  'migration 3 starts the one-outcome index after outcome pairs written before it',
  async () => {
    const handle = await openTestStores('pglite');
    try {
      const { db, audit } = handle.stores;
      // The database as a build before migration 3 left it, with one intent answered twice.
      await db.query('DROP INDEX audit_log_one_outcome');
      await db.query('DROP TABLE intent_claims');
      await db.query('DELETE FROM schema_migrations WHERE version = 3');
      const old = await audit.append({ action: 'version.update', outcome: 'intent' });
      await audit.append({ action: 'version.update', outcome: 'success', intent_id: old.id });
      const second = await audit.append({
        action: 'version.update',
        outcome: 'reconciled',
        intent_id: old.id,
      });
      expect(await migrate(db, 4)).toEqual([3]);
      const fresh = await audit.append({ action: 'version.update', outcome: 'intent' });
      await audit.append({ action: 'version.update', outcome: 'success', intent_id: fresh.id });
      await expect(
        audit.append({ action: 'version.update', outcome: 'reconciled', intent_id: fresh.id }),
      ).rejects.toBeInstanceOf(IntentSettledError);
      const { rows } = await db.query<{ indexdef: string }>(
        "SELECT indexdef FROM pg_indexes WHERE indexname = 'audit_log_one_outcome'",
      );
      expect(rows[0]!.indexdef).toContain(`seq > ${second.seq}`);
      expect((await audit.verify()).intact).toBe(true);
    } finally {
      await handle.cleanup();
    }
  },
  STORE_OPEN_TIMEOUT_MS,
);

it(
  'migration 6 leaves the rows of older scans without a notify answer: they answer unknown',
  async () => {
    const handle = await openTestStores('pglite');
    try {
      const { db, fleet } = handle.stores;
      // The database as a build before migration 6 left it, with a scan that build wrote.
      await db.query('ALTER TABLE fleet_scan_secrets DROP COLUMN notify');
      await db.query('DELETE FROM schema_migrations WHERE version = 6');
      const lease = { account: 'demo', scanId: 'old', owner: 'o', now: 1000, leaseMs: 30_000 };
      expect(await fleet.claim(lease)).toBe(true);
      await db.query(
        `INSERT INTO fleet_scan_secrets (scan_id, secret, secret_state, versions) VALUES ('old', 'db', 'ENABLED', $1)`,
        [JSON.stringify([{ id: 'v1', expire_time: null, stages: ['SYSCURRENT'] }])],
      );
      await fleet.finish({ ...lease, now: 2000 });
      expect(await migrate(db, 3000)).toEqual([6]);
      const rows = await fleet.secrets('old');
      expect(rows.map((r) => [r.secret, r.notify])).toEqual([['db', null]]);
      const [scan] = await fleet.scans('demo', 3000);
      expect(fleetAnswer(scan, rows, 'all', 3000, () => 'no_rule').items.map((i) => i.notify)).toEqual([
        'unknown',
      ]);
    } finally {
      await handle.cleanup();
    }
  },
  STORE_OPEN_TIMEOUT_MS,
);
