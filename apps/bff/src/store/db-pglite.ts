/**
 * PGlite behind `Db`. PGlite is one embedded connection, so every plain query and every transaction takes
 * its turn through one in-process mutex: a query issued while a transaction runs waits for it to finish
 * instead of slipping into it. Inside `transaction(fn)` use the `tx` handle; calling the outer `db` there
 * would wait on itself, so it throws instead.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdir } from 'node:fs/promises';
import { PGlite, type PGliteOptions, type Results } from '@electric-sql/pglite';
import { INT8_OID, parseInt8 } from './int8.js';
import { Mutex } from './mutex.js';
import type { Db, PreparedParam, Queryable, QueryResult } from './types.js';

const STATEMENT_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const SAFE_TEXT = /^[A-Za-z0-9_.:-]{0,256}$/;

/**
 * A `PreparedParam` as an SQL literal. Only integers and text without quotes, backslashes or spaces are
 * accepted, so nothing needs escaping and nothing can end the literal.
 */
export function preparedLiteral(value: PreparedParam): string {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new TypeError('a prepared number must be a safe integer');
    return String(value);
  }
  if (typeof value !== 'string' || !SAFE_TEXT.test(value)) {
    throw new TypeError('prepared text may hold only [A-Za-z0-9_.:-], at most 256 characters');
  }
  return `'${value}'`;
}

const toResult = <R>(result: Results<R>): QueryResult<R> => ({
  rows: result.rows,
  affectedRows: result.affectedRows ?? 0,
});

/** What every PGlite the store opens is created with. */
export const PGLITE_OPTIONS = { parsers: { [INT8_OID]: parseInt8 } } satisfies PGliteOptions;

/** Opens PGlite in `dataDir` (created if missing), or in memory when it is undefined. */
export async function openPglite(dataDir: string | undefined): Promise<Db> {
  if (dataDir !== undefined) await mkdir(dataDir, { recursive: true });
  return wrapPglite(await PGlite.create(dataDir, PGLITE_OPTIONS));
}

/** `Db` over an open PGlite (created with `PGLITE_OPTIONS`); closing the `Db` closes it. */
export function wrapPglite(pglite: PGlite): Db {
  const mutex = new Mutex();
  const inTransaction = new AsyncLocalStorage<true>();
  const prepared = new Set<string>();
  let closed = false;

  const enter = <T>(fn: () => Promise<T>): Promise<T> => {
    if (closed) return Promise.reject(new Error('the store is closed'));
    if (inTransaction.getStore()) {
      return Promise.reject(
        new Error('inside transaction() use its tx handle, not the db (PGlite would deadlock)'),
      );
    }
    return mutex.run(fn);
  };

  return {
    kind: 'pglite',
    query: <R>(sql: string, params?: unknown[]) =>
      enter(async () => toResult(await pglite.query<R>(sql, params))),
    prepared: <R>(name: string, sql: string, params: PreparedParam[]) =>
      enter(async () => {
        if (!STATEMENT_NAME.test(name)) throw new TypeError(`bad statement name ${name}`);
        const args = params.length === 0 ? '' : `(${params.map(preparedLiteral).join(', ')})`;
        if (!prepared.has(name)) {
          await pglite.exec(`PREPARE ${name} AS ${sql}`);
          prepared.add(name);
        }
        const results = await pglite.exec(`EXECUTE ${name}${args}`);
        return toResult(results[results.length - 1] as Results<R>);
      }),
    exec: <R>(sql: string) =>
      enter(async () => {
        try {
          return (await pglite.exec(sql)).map((r) => toResult(r as Results<R>));
        } catch (error) {
          // A failed multi-statement block (BEGIN ... COMMIT) would leave the one connection aborted.
          await pglite.exec('ROLLBACK').catch(() => undefined);
          throw error;
        }
      }),
    transaction: <T>(fn: (tx: Queryable) => Promise<T>) =>
      enter(() =>
        pglite.transaction((tx) => {
          const queryable: Queryable = {
            query: async <R>(sql: string, params?: unknown[]) => toResult(await tx.query<R>(sql, params)),
          };
          return inTransaction.run(true, () => fn(queryable));
        }),
      ),
    close: async () => {
      if (closed) return;
      await enter(async () => {
        closed = true;
        await pglite.close();
      });
    },
  };
}
