/**
 * PostgreSQL behind `Db`: a `pg` pool of at most 10 connections, each with `synchronous_commit=on` (audit
 * rows survive power loss once acknowledged) and, when a schema is given, `search_path` set to it. BIGINT
 * parses to a number on this pool only; the global `pg.types` stay untouched.
 */
import pg from 'pg';
import type { CustomTypesConfig, PoolClient, QueryResult as PgResult } from 'pg';
import { INT8_OID, parseInt8 } from './int8.js';
import type { Db, Queryable, QueryResult } from './types.js';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const WRITE_COMMANDS = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'COPY']);

const getTypeParser = (oid: number, format?: 'text' | 'binary'): unknown =>
  oid === INT8_OID && format !== 'binary' ? parseInt8 : pg.types.getTypeParser(oid, format);
const types: CustomTypesConfig = { getTypeParser: getTypeParser as CustomTypesConfig['getTypeParser'] };

const toResult = <R>(result: PgResult): QueryResult<R> => ({
  rows: result.rows as R[],
  affectedRows: WRITE_COMMANDS.has(result.command) ? (result.rowCount ?? 0) : 0,
});

const queryable = (client: pg.Pool | PoolClient): Queryable => ({
  query: async <R>(sql: string, params?: unknown[]) => toResult<R>(await client.query(sql, params)),
});

async function transaction<T>(pool: pg.Pool, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN').catch((err: unknown) => {
      broken = true;
      throw err;
    });
    try {
      const result = await fn(queryable(client));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => (broken = true));
      throw err;
    }
  } finally {
    client.release(broken);
  }
}

/** Opens the pool and checks that it connects; creates `schema` if it is missing. */
export async function openPostgres(databaseUrl: string, schema: string | undefined): Promise<Db> {
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new Error('the schema name must match ^[a-z_][a-z0-9_]{0,62}$');
  }
  const options = ['-c synchronous_commit=on', ...(schema ? [`-c search_path=${schema}`] : [])].join(' ');
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 10,
    options,
    types,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle connection that dies is dropped from the pool; the next query opens a new one.
  pool.on('error', () => undefined);
  let ended: Promise<void> | undefined;
  const db: Db = {
    kind: 'postgres',
    ...(schema && { schema }),
    ...queryable(pool),
    // Without parameters pg uses the simple protocol: several statements, one result each.
    exec: async <R>(sql: string) => {
      const result = (await pool.query(sql)) as PgResult | PgResult[];
      return (Array.isArray(result) ? result : [result]).map((r) => toResult<R>(r));
    },
    // pg prepares a named statement once per pooled connection and reuses it.
    prepared: async <R>(name: string, text: string, values: unknown[]) =>
      toResult<R>(await pool.query({ name, text, values })),
    transaction: (fn) => transaction(pool, fn),
    close: () => (ended ??= pool.end()),
  };
  try {
    await db.transaction(async (tx) => {
      if (!schema) return;
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`csms-console:schema:${schema}`]);
      await tx.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    });
  } catch (err) {
    await db.close().catch(() => undefined);
    const reason = err instanceof Error ? err.message : 'unknown error';
    throw new Error(`cannot open the PostgreSQL store: ${reason}`, { cause: err });
  }
  return db;
}
