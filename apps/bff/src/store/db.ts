/**
 * Opens the project database: PostgreSQL when `databaseUrl` is given, otherwise embedded PGlite in
 * `dataDir` (a directory that survives restarts) or in memory when `dataDir` is undefined.
 */
import { openPglite } from './db-pglite.js';
import { openPostgres } from './db-postgres.js';
import type { Db } from './types.js';

export interface OpenDbOptions {
  /** `postgres://...`; when absent the store is PGlite. */
  databaseUrl?: string;
  /** PGlite's data directory; in memory when absent. Ignored with `databaseUrl`. */
  dataDir?: string;
  /** PostgreSQL only: the schema to use (created if missing). */
  schema?: string;
}

export function openDb(options: OpenDbOptions): Promise<Db> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.schema)
    : openPglite(options.dataDir);
}
