/**
 * Test support: PGlite in memory, started from a migrated template instead of running initdb each time
 * (about 0.6 s instead of 3-9 s). The template is built once per machine and schema (keyed by a hash of the
 * migrations) and kept in the OS temp directory; a missing or unreadable one is rebuilt.
 */
import { createHash } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLITE_OPTIONS, wrapPglite } from './db-pglite.js';
import { MIGRATIONS, migrate } from './migrations.js';
import type { Db } from './types.js';

const key = createHash('sha256').update(JSON.stringify(MIGRATIONS)).digest('hex').slice(0, 16);
const templateFile = join(tmpdir(), `csms-console-pglite-template-${key}.tar`);

async function buildTemplate(): Promise<Blob> {
  const pglite = await PGlite.create(PGLITE_OPTIONS);
  const db = wrapPglite(pglite);
  try {
    await migrate(db, 0);
    const dump = await pglite.dumpDataDir('none');
    const temporary = `${templateFile}.${process.pid}.${Date.now()}`;
    await writeFile(temporary, Buffer.from(await dump.arrayBuffer()));
    await rename(temporary, templateFile); // atomic: parallel workers never read half a file
    return dump;
  } finally {
    await db.close();
  }
}

let template: Promise<Blob> | undefined;

const loadTemplate = async (): Promise<Blob | undefined> =>
  readFile(templateFile).then(
    (bytes) => new Blob([bytes]),
    () => undefined,
  );

/** A fresh in-memory PGlite `Db` with the schema in place (run `migrate` anyway: it is a cheap no-op). */
export async function openTemplatedPglite(): Promise<Db> {
  template ??= loadTemplate().then((blob) => blob ?? buildTemplate());
  try {
    return wrapPglite(await PGlite.create({ ...PGLITE_OPTIONS, loadDataDir: await template }));
  } catch {
    template = buildTemplate(); // unreadable or from another PGlite: start over
    return wrapPglite(await PGlite.create({ ...PGLITE_OPTIONS, loadDataDir: await template }));
  }
}
