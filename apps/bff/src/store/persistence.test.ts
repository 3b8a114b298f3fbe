import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { MIGRATIONS, openStores } from './index.js';
import { STORE_OPEN_TIMEOUT_MS } from './testing.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

it(
  'PGlite keeps users, sessions, counters and the audit chain across close and reopen of one dataDir',
  async () => {
    const parent = await mkdtemp(join(tmpdir(), 'csms-store-'));
    dirs.push(parent);
    const dataDir = join(parent, 'nested', 'pgdata');

    const first = await openStores({ dataDir });
    const user = await first.users.create({ name: 'Ann', role: 'admin', passwordHash: 'h', now: 1 });
    await first.sessions.create(
      {
        idHash: 'a'.repeat(64),
        userId: user.id,
        authMethod: 'password',
        createdAt: 2,
        lastSeenAt: 2,
        ip: null,
        userAgent: null,
      },
      5,
    );
    const ipRule = { key: 'ip:203.0.113.9', maxAttempts: 1, windowMs: 60_000, blockMs: 9_000 };
    await first.loginCounters.take([ipRule], 1);
    expect((await first.loginCounters.take([ipRule], 2))[0]?.blockedUntil).toBe(9_002);
    const written = await first.audit.append({
      action: 'user.create',
      outcome: 'ok',
      details: { b: 1, a: 'é' },
    });
    await first.probeWritable();
    await first.close();
    await expect(first.users.count()).rejects.toThrow(/closed/);

    const second = await openStores({ dataDir });
    try {
      expect(await second.users.findByName('ann')).toMatchObject({ id: user.id, passwordHash: 'h' });
      expect((await second.sessions.get('a'.repeat(64)))?.user.id).toBe(user.id);
      expect((await second.loginCounters.take([ipRule], 3))[0]).toMatchObject({
        attempts: 2,
        blockedUntil: 9_002,
      });
      expect((await second.audit.list({}, { limit: 10 })).entries).toEqual([written]);
      const next = await second.audit.append({ action: 'auth.login', outcome: 'ok' });
      expect(next).toMatchObject({ seq: 2, prev_hash: written.hash });
      expect(await second.audit.verify()).toMatchObject({
        intact: true,
        rows_checked: 2,
        head_hash: next.hash,
      });
      const { rows } = await second.db.query('SELECT version FROM schema_migrations');
      expect(rows).toHaveLength(MIGRATIONS.length); // each once: reopening ran none again
    } finally {
      await second.close();
    }
  },
  STORE_OPEN_TIMEOUT_MS,
);
