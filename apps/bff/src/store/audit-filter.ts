/** Turns an `AuditFilter` into a parameterised WHERE clause; values only ever travel as parameters. */
import type { AuditFilter } from './types.js';

export class SqlConditions {
  readonly params: unknown[] = [];
  readonly #conditions: string[] = [];

  /** Adds `column op $n` with `value` as parameter n. */
  add(column: string, op: '=' | '>=' | '<' | '>', value: unknown, cast = ''): this {
    this.params.push(value);
    this.#conditions.push(`${column} ${op} $${this.params.length}${cast}`);
    return this;
  }

  /** A placeholder for one more parameter, for use outside the WHERE clause (e.g. LIMIT). */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** A fixed condition with no value in it (e.g. the predicate a partial index is defined by). */
  raw(condition: string): this {
    this.#conditions.push(condition);
    return this;
  }

  where(): string {
    return this.#conditions.length === 0 ? '' : `WHERE ${this.#conditions.join(' AND ')}`;
  }
}

export function filterConditions(filter: AuditFilter): SqlConditions {
  const sql = new SqlConditions();
  if (filter.account !== undefined) sql.add('account', '=', filter.account);
  if (filter.secret !== undefined) sql.add('secret', '=', filter.secret);
  if (filter.version !== undefined) sql.add('version', '=', filter.version);
  if (filter.actor !== undefined) sql.add('actor_name', '=', filter.actor);
  if (filter.action !== undefined) sql.add('action', '=', filter.action);
  if (filter.outcome !== undefined) sql.add('outcome', '=', filter.outcome);
  if (filter.from !== undefined) sql.add('at', '>=', filter.from, '::bigint');
  if (filter.to !== undefined) sql.add('at', '<', filter.to, '::bigint');
  if (filter.batch !== undefined) batchCondition(sql, filter.batch);
  if (filter.entry !== undefined) sql.add('id', '=', filter.entry);
  return sql;
}

/**
 * Rows of one expiry batch. `details ? 'batch_id'` is the predicate of migration 5's `audit_log_batch` index,
 * repeated so the planner can use it.
 */
export function batchCondition(sql: SqlConditions, batch: string, alias = ''): SqlConditions {
  return sql.raw(`${alias}details ? 'batch_id'`).add(`${alias}details->>'batch_id'`, '=', batch);
}
