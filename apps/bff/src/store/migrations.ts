/**
 * Versioned migrations, run at open inside one transaction. A transaction-scoped advisory lock keyed on
 * the schema makes two processes starting at once on one PostgreSQL take turns: the second finds the work
 * done. A database migrated by a newer build is refused rather than guessed at.
 */
import { SCHEMA_V1 } from './schema-v1.js';
import { SCHEMA_V2 } from './schema-v2.js';
import { SCHEMA_V3 } from './schema-v3.js';
import { SCHEMA_V4 } from './schema-v4.js';
import { SCHEMA_V5 } from './schema-v5.js';
import { SCHEMA_V6 } from './schema-v6.js';
import { SCHEMA_V7 } from './schema-v7.js';
import { SCHEMA_V8 } from './schema-v8.js';
import type { Db } from './types.js';

export interface Migration {
  version: number;
  name: string;
  statements: readonly string[];
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial schema', statements: SCHEMA_V1 },
  { version: 2, name: 'atomic login counters, shared request limits', statements: SCHEMA_V2 },
  { version: 3, name: 'one settlement per audit intent', statements: SCHEMA_V3 },
  { version: 4, name: 'fleet scan cache and lease', statements: SCHEMA_V4 },
  { version: 5, name: 'expiry batches', statements: SCHEMA_V5 },
  { version: 6, name: 'fleet scan notify answer per secret', statements: SCHEMA_V6 },
  { version: 7, name: 'audit page reads', statements: SCHEMA_V7 },
  { version: 8, name: 'advance expiry warnings', statements: SCHEMA_V8 },
];

/**
 * Applies the missing migrations in `MIGRATIONS` order; returns the versions applied now (empty when up to
 * date). Versions need not be contiguous: each is applied when its own number is not yet recorded.
 */
export function migrate(db: Db, now: number): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query(
      "SELECT pg_advisory_xact_lock(hashtext('csms-console:migrate:' || coalesce(current_schema(), '')))",
    );
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at bigint NOT NULL
    )`);
    const { rows } = await tx.query<{ version: number }>('SELECT version FROM schema_migrations');
    const done = new Set(rows.map((row) => row.version));
    const known = MIGRATIONS.at(-1)?.version ?? 0;
    const newest = Math.max(0, ...done);
    if (newest > known) {
      throw new Error(`the database schema is at version ${newest}, newer than this build (${known})`);
    }
    const applied: number[] = [];
    for (const migration of MIGRATIONS) {
      if (done.has(migration.version)) continue;
      for (const statement of migration.statements) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        now,
      ]);
      applied.push(migration.version);
    }
    return applied;
  });
}
