import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { openDb } from './db.js';
import { preparedLiteral } from './db-pglite.js';
import { describeEachStore, openTestStores } from './testing.js';

describeEachStore('db', (getStores, kind) => {
  const db = () => getStores().db;

  it('reports its kind', () => {
    expect(db().kind).toBe(kind);
  });

  it('returns BIGINT as a number and rejects one beyond 2^53', async () => {
    const { rows } = await db().query<{ a: number; n: number }>(
      'SELECT 1700000000000::bigint AS a, count(*) AS n',
    );
    expect(rows[0]).toEqual({ a: 1_700_000_000_000, n: 1 });
    await expect(db().query('SELECT 9007199254740993::bigint AS a')).rejects.toThrow(/safe integer/);
  });

  it('runs a prepared statement again and again with new parameters', async () => {
    const sql = 'SELECT $1::text AS a, $2::bigint AS n';
    expect((await db().prepared('db_p1', sql, ['x-1', 5])).rows).toEqual([{ a: 'x-1', n: 5 }]);
    expect((await db().prepared('db_p1', sql, ['y', 1_700_000_000_000])).rows).toEqual([
      { a: 'y', n: 1_700_000_000_000 },
    ]);
  });

  it('counts affected rows for writes and not for reads', async () => {
    await db().query('CREATE TABLE db_t1 (k int PRIMARY KEY, v text)');
    expect((await db().query("INSERT INTO db_t1 VALUES (1, 'a'), (2, 'b')")).affectedRows).toBe(2);
    expect((await db().query("UPDATE db_t1 SET v = 'c' WHERE k = 1")).affectedRows).toBe(1);
    expect((await db().query('SELECT * FROM db_t1')).affectedRows).toBe(0);
    expect((await db().query('DELETE FROM db_t1')).affectedRows).toBe(2);
  });

  it('commits a transaction and rolls one back when it throws', async () => {
    await db().query('CREATE TABLE db_t2 (k int PRIMARY KEY)');
    await db().transaction((tx) => tx.query('INSERT INTO db_t2 VALUES (1)'));
    const failing = db().transaction(async (tx) => {
      await tx.query('INSERT INTO db_t2 VALUES (2)');
      throw new Error('boom');
    });
    await expect(failing).rejects.toThrow('boom');
    expect((await db().query('SELECT k FROM db_t2 ORDER BY k')).rows).toEqual([{ k: 1 }]);
  });

  it('keeps 20 concurrent read-modify-write transactions from interleaving', async () => {
    await db().query('CREATE TABLE db_t3 (id int PRIMARY KEY, n int NOT NULL)');
    await db().query('INSERT INTO db_t3 VALUES (1, 0)');
    const bump = () =>
      db().transaction(async (tx) => {
        const { rows } = await tx.query<{ n: number }>('SELECT n FROM db_t3 WHERE id = 1 FOR UPDATE');
        await sleep(2);
        await tx.query('UPDATE db_t3 SET n = $1 WHERE id = 1', [(rows[0]?.n ?? 0) + 1]);
      });
    await Promise.all(Array.from({ length: 20 }, bump));
    expect((await db().query('SELECT n FROM db_t3')).rows).toEqual([{ n: 20 }]);
  });

  it('keeps a plain query issued during a transaction out of it', async () => {
    await db().query('CREATE TABLE db_t4 (k int PRIMARY KEY)');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const tx = db().transaction(async (t) => {
      await t.query('INSERT INTO db_t4 VALUES (1)');
      await gate;
      throw new Error('roll back');
    });
    await sleep(20);
    const plain = db().query('INSERT INTO db_t4 VALUES (2)');
    release();
    await expect(tx).rejects.toThrow('roll back');
    await plain;
    expect((await db().query('SELECT k FROM db_t4')).rows).toEqual([{ k: 2 }]);
  });

  it('probeWritable upserts the one probe row', async () => {
    await getStores().probeWritable();
    await getStores().probeWritable();
    const { rows } = await db().query<{ id: number }>('SELECT id FROM store_probe');
    expect(rows).toEqual([{ id: 1 }]);
  });

  it('closes idempotently and refuses queries afterwards', async () => {
    const extra = await openTestStores(kind);
    await extra.stores.close();
    await extra.stores.close();
    await expect(extra.stores.db.query('SELECT 1')).rejects.toThrow();
    await extra.cleanup();
  }, 30_000);

  if (kind === 'pglite') {
    it('refuses the outer db inside a transaction instead of deadlocking', async () => {
      const inner = db().transaction(() => db().query('SELECT 1'));
      await expect(inner).rejects.toThrow(/tx handle/);
    });
  }

  if (kind === 'postgres') {
    it('runs in its own schema with synchronous_commit on', async () => {
      const { rows } = await db().query<{ s: string; c: string }>(
        "SELECT current_schema() AS s, current_setting('synchronous_commit') AS c",
      );
      expect(rows[0]?.s).toMatch(/^t_[0-9a-f]+$/);
      expect(rows[0]?.c).toBe('on');
    });

    it('fails to open without echoing the password, and rejects a bad schema name', async () => {
      const err = await openDb({ databaseUrl: 'postgres://u:sekret-pw@127.0.0.1:1/x' }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toMatch(/^cannot open the PostgreSQL store/);
      expect((err as Error).message).not.toContain('sekret-pw');
      await expect(openDb({ databaseUrl: 'postgres://127.0.0.1/x', schema: 'x; DROP' })).rejects.toThrow(
        /schema/,
      );
    });
  }
});

it('PGlite prepared parameters: integers and plain text only, so nothing can end the literal', () => {
  expect(preparedLiteral('ab12-_.:Z')).toBe("'ab12-_.:Z'");
  expect(preparedLiteral(-42)).toBe('-42');
  for (const bad of ["x'); DROP TABLE users; --", 'a b', 'a\\', 'é', 'x'.repeat(257)])
    expect(() => preparedLiteral(bad)).toThrow(TypeError);
  for (const bad of [1.5, Number.NaN, 2 ** 53]) expect(() => preparedLiteral(bad)).toThrow(TypeError);
});
