/**
 * Test helper: run a suite against every store backend.
 *
 *   import { describeEachStore } from '../store/testing.js';
 *
 *   describeEachStore('sessions', (getStores, kind) => {
 *     it('creates one', async () => {
 *       const { users, sessions } = getStores(); // opened once per backend (beforeAll), closed afterwards
 *       ...
 *     });
 *   }, { now: () => clock.now }); // optional clock for audit `at` and the probe
 *
 * Each backend gets fresh stores per `describeEachStore` block, shared by its tests: give rows unique names.
 * For stores of your own (an empty audit chain, a second handle on one database) call
 * `openTestStores(kind)` and `await handle.cleanup()` afterwards; `handle.options` opens more handles on the
 * same database (PostgreSQL only; PGlite in memory is private to its handle). Hooks that open stores should
 * allow `STORE_OPEN_TIMEOUT_MS`.
 *
 * Backends: PGlite in memory (loaded from a migrated template, see pglite-template.ts), always; PostgreSQL
 * at TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), in a fresh schema `t_<hex>`
 * dropped (CASCADE) at cleanup, so test files can run in parallel. If PostgreSQL is unreachable: with CI
 * set its suites fail; otherwise they are skipped with a loud warning.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import type { AuditEntry } from '@csms-console/api-contract';
import { hashAuditEntry } from './audit-hash.js';
import { AUDIT_COLUMNS, auditParams, normaliseEntry } from './audit-row.js';
import { createStores, openStores, type OpenStoresOptions } from './index.js';
import { migrate } from './migrations.js';
import { openTemplatedPglite } from './pglite-template.js';
import type { Db, NewAuditEntry, Stores } from './types.js';
import { ulid } from './ulid.js';

export type StoreKind = 'pglite' | 'postgres';

export interface TestStores {
  kind: StoreKind;
  stores: Stores;
  /** The options these stores were opened with; PostgreSQL ones reach the same schema. */
  options: OpenStoresOptions;
  /** Closes the stores and, on PostgreSQL, drops the schema. Close other handles on it first. */
  cleanup(): Promise<void>;
}

/** Long enough for PGlite to start on a busy 2-core CI machine. */
export const STORE_OPEN_TIMEOUT_MS = 60_000;

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const isCi = Boolean(process.env.CI);

/** Where the test PostgreSQL is, without any credentials. */
function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return '(unparsable TEST_DATABASE_URL)';
  }
}

async function probePostgres(): Promise<boolean> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const postgresReachable = await probePostgres();
const UNREACHABLE = `PostgreSQL at ${describeUrl(TEST_DATABASE_URL)} is unreachable`;
if (!postgresReachable) {
  if (isCi) console.error(`\n!!! ${UNREACHABLE}: CI is set, so the PostgreSQL store tests FAIL.\n`);
  else console.warn(`\n!!! ${UNREACHABLE}: SKIPPING the PostgreSQL store tests (they fail under CI).\n`);
}

/** The backends to run: PGlite always; PostgreSQL when reachable, or always under CI (so it fails). */
export function storeBackends(): StoreKind[] {
  return postgresReachable || isCi ? ['pglite', 'postgres'] : ['pglite'];
}

/** A PostgreSQL schema name no other test uses. */
export const uniqueSchema = (): string => `t_${randomBytes(6).toString('hex')}`;

/** Drops a test schema and everything in it, and the job queue's schema beside it (features/notify/queue.ts). */
export async function dropTestSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.query(`DROP SCHEMA IF EXISTS ${schema}_pgboss CASCADE`);
  } finally {
    await client.end();
  }
}

/** Fresh, migrated stores on `kind`. Throws when PostgreSQL is asked for and unreachable. */
export async function openTestStores(
  kind: StoreKind,
  extra: Pick<OpenStoresOptions, 'now' | 'dataDir'> = {},
): Promise<TestStores> {
  if (kind === 'pglite') {
    const options: OpenStoresOptions = { ...extra };
    const now = extra.now ?? Date.now;
    let stores: Stores;
    if (extra.dataDir === undefined) {
      const db = await openTemplatedPglite();
      await migrate(db, now());
      stores = createStores(db, now);
    } else {
      stores = await openStores(options);
    }
    return { kind, stores, options, cleanup: () => stores.close() };
  }
  if (!postgresReachable) throw new Error(`${UNREACHABLE}; the PostgreSQL store tests cannot run`);
  const schema = uniqueSchema();
  const options: OpenStoresOptions = {
    databaseUrl: TEST_DATABASE_URL,
    schema,
    ...(extra.now && { now: extra.now }),
  };
  const stores = await openStores(options);
  return {
    kind,
    stores,
    options,
    cleanup: async () => {
      await stores.close();
      await dropTestSchema(schema);
    },
  };
}

/** `describe(name [kind])` once per backend, with stores opened before its tests and cleaned up after. */
export function describeEachStore(
  name: string,
  body: (getStores: () => Stores, kind: StoreKind) => void,
  extra: Pick<OpenStoresOptions, 'now'> = {},
): void {
  const runnable = storeBackends();
  for (const kind of ['pglite', 'postgres'] as const) {
    describe.skipIf(!runnable.includes(kind))(`${name} [${kind}]`, () => {
      let handle: TestStores | undefined;
      beforeAll(async () => {
        handle = await openTestStores(kind, extra);
      }, STORE_OPEN_TIMEOUT_MS);
      afterAll(async () => {
        await handle?.cleanup();
      }, STORE_OPEN_TIMEOUT_MS);
      body(() => {
        if (!handle) throw new Error('the test stores are not open (see the beforeAll error)');
        return handle.stores;
      }, kind);
    });
  }
}

/**
 * Appends many audit rows at once (tests of a large log): the same chain `append` writes (ids, seq, prev_hash,
 * hash, the head moved), in one transaction, inserted 500 rows a statement instead of one transaction a row.
 * `at` defaults to `now`; `build` gets the entries appended so far (to point an outcome at its intent).
 */
export async function appendMany(
  db: Db,
  count: number,
  build: (i: number, appended: readonly AuditEntry[]) => NewAuditEntry,
  now: () => number = Date.now,
): Promise<AuditEntry[]> {
  const columns = AUDIT_COLUMNS.split(', ');
  const jsonb = new Set(['before', 'after', 'details']);
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ seq: number; hash: string }>(
      'SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE',
    );
    let head = rows[0]!;
    const entries: AuditEntry[] = [];
    for (let i = 0; i < count; i++) {
      const input = build(i, entries);
      const unhashed = {
        id: ulid(now()),
        seq: head.seq + 1,
        at: input.at ?? now(),
        ...normaliseEntry(input),
        prev_hash: head.hash,
      };
      const entry: AuditEntry = { ...unhashed, hash: hashAuditEntry(unhashed) };
      entries.push(entry);
      head = { seq: entry.seq, hash: entry.hash };
    }
    for (let start = 0; start < entries.length; start += 500) {
      const chunk = entries.slice(start, start + 500);
      const values = chunk.map(
        (_, r) =>
          `(${columns.map((c, k) => `$${r * columns.length + k + 1}${jsonb.has(c) ? '::jsonb' : ''}`).join(', ')})`,
      );
      await tx.query(
        `INSERT INTO audit_log (${AUDIT_COLUMNS}) VALUES ${values.join(', ')}`,
        chunk.flatMap(auditParams),
      );
    }
    await tx.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', [head.seq, head.hash]);
    return entries;
  });
}

/**
 * Makes every audit insert fail until the returned function (idempotent) is called (a trigger refusing it): the audit log
 * unwritable while the rest of the store works, as a revoked grant or a full tablespace would leave it. Also
 * the head stays as it is, since the row and the head move in one statement (audit-store.ts).
 */
export async function refuseAuditInserts(db: Db): Promise<() => Promise<void>> {
  await db.query(`CREATE OR REPLACE FUNCTION test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'the audit log refuses writes (test)'; END $$`);
  await db.query(
    `CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_log
       FOR EACH ROW EXECUTE FUNCTION test_refuse_audit()`,
  );
  return async () => {
    await db.query('DROP TRIGGER IF EXISTS test_refuse_audit ON audit_log');
  };
}
