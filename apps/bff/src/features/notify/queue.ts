/**
 * pg-boss on the store's own database: an `IDatabase` over our `Db` (so on PGlite every job-queue statement
 * takes its turn through the same mutex as every other query), and one over a transaction's handle, so a
 * job is enqueued in the same transaction as the rows it is about (`send(..., { db: txBossDb(tx) })`).
 * The queue's tables live in their own schema: `pgboss` on PGlite and on PostgreSQL without a store schema,
 * `<schema>_pgboss` beside a store schema (tests with a schema each stay apart).
 */
import { PgBoss, type ConstructorOptions, type Db as IDatabase } from 'pg-boss';
import type { Db, Queryable } from '../../store/types.js';

/** The queue's schema for a store. */
export function bossSchema(db: Pick<Db, 'kind' | 'schema'>): string {
  if (db.kind === 'pglite' || db.schema === undefined) return 'pgboss';
  return `${db.schema.slice(0, 56)}_pgboss`;
}

/** pg-boss's statements on our `Db`: parameterless text may be a multi-statement block (simple protocol). */
export function bossDb(db: Db): IDatabase {
  return {
    async executeSql(text, values) {
      if (values && values.length > 0) return { rows: (await db.query(text, values)).rows };
      const results = await db.exec(text);
      // A RETURNING in the middle of BEGIN ... COMMIT must not be lost behind the trailing COMMIT.
      return { rows: results.flatMap((r) => r.rows) };
    },
  };
}

/** pg-boss's statements inside one of our transactions (single statements with parameters: `send`). */
export function txBossDb(tx: Queryable): IDatabase {
  return {
    executeSql: async (text, values) => ({ rows: (await tx.query(text, values ?? [])).rows }),
  };
}

/** A pg-boss over the store (not started). `options` tune intervals (tests keep them small). */
export function createBoss(db: Db, options: Partial<ConstructorOptions> = {}): PgBoss {
  return new PgBoss({
    db: bossDb(db),
    schema: bossSchema(db),
    ...(db.kind === 'pglite' && { backend: 'pglite' as const }),
    ...options,
  });
}
