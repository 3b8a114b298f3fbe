import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeEachStore } from './testing.js';
import type { SessionRecord, Stores } from './types.js';

const idHash = () => randomBytes(32).toString('hex');

async function newUser(stores: Stores) {
  const name = `u-${randomBytes(4).toString('hex')}`;
  return stores.users.create({ name, role: 'support', passwordHash: 'h', now: 1 });
}

function session(userId: string, at: number, overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    idHash: idHash(),
    userId,
    authMethod: 'password',
    createdAt: at,
    lastSeenAt: at,
    ip: '10.0.0.1',
    userAgent: 'UA',
    ...overrides,
  };
}

describeEachStore('session store', (getStores) => {
  it('creates a session and gets it with its user', async () => {
    const user = await newUser(getStores());
    const s = session(user.id, 1000, { ip: null, userAgent: null });
    expect(await getStores().sessions.create(s, 5)).toEqual({ revoked: 0 });
    expect(await getStores().sessions.get(s.idHash)).toEqual({ session: s, user });
    expect(await getStores().sessions.get(idHash())).toBeUndefined();
  });

  it('touches last_seen_at, never moving it back', async () => {
    const user = await newUser(getStores());
    const s = session(user.id, 1000);
    await getStores().sessions.create(s, 5);
    await getStores().sessions.touch(s.idHash, 2000);
    await getStores().sessions.touch(s.idHash, 1500);
    expect((await getStores().sessions.get(s.idHash))?.session.lastSeenAt).toBe(2000);
  });

  it('deletes one session, and all of a user', async () => {
    const user = await newUser(getStores());
    const [a, b, c] = [session(user.id, 1), session(user.id, 2), session(user.id, 3)];
    for (const s of [a, b, c]) await getStores().sessions.create(s, 5);
    expect(await getStores().sessions.delete(a.idHash)).toBe(true);
    expect(await getStores().sessions.delete(a.idHash)).toBe(false);
    expect(await getStores().sessions.deleteForUser(user.id)).toBe(2);
    expect(await getStores().sessions.get(b.idHash)).toBeUndefined();
  });

  it('revokes the oldest sessions beyond the per-user cap, in the same call', async () => {
    const user = await newUser(getStores());
    const other = await newUser(getStores());
    const otherSession = session(other.id, 1);
    await getStores().sessions.create(otherSession, 3);
    const made = [5, 1, 3].map((at) => session(user.id, at));
    for (const s of made) expect(await getStores().sessions.create(s, 3)).toEqual({ revoked: 0 });
    const fourth = session(user.id, 7);
    expect(await getStores().sessions.create(fourth, 3)).toEqual({ revoked: 1 });
    expect(await getStores().sessions.get(made[1]!.idHash)).toBeUndefined(); // created at 1: the oldest
    const fifth = session(user.id, 8);
    expect(await getStores().sessions.create(fifth, 2)).toEqual({ revoked: 2 });
    for (const s of [fourth, fifth, otherSession])
      expect(await getStores().sessions.get(s.idHash)).toBeDefined();
    expect(await getStores().sessions.deleteForUser(user.id)).toBe(2);
  });

  it('keeps the cap under concurrent logins of one user', async () => {
    const user = await newUser(getStores());
    const made = Array.from({ length: 12 }, (_, i) => session(user.id, 100 + i));
    const results = await Promise.all(made.map((s) => getStores().sessions.create(s, 5)));
    expect(results.reduce((n, r) => n + r.revoked, 0)).toBe(7);
    expect(await getStores().sessions.deleteForUser(user.id)).toBe(5);
  });

  it('rejects a cap below 1', async () => {
    const user = await newUser(getStores());
    await expect(getStores().sessions.create(session(user.id, 1), 0)).rejects.toThrow(RangeError);
  });

  it('disappears with its user (cascade)', async () => {
    const user = await newUser(getStores());
    const s = session(user.id, 1);
    await getStores().sessions.create(s, 5);
    await getStores().db.query('DELETE FROM users WHERE id = $1', [user.id]);
    expect(await getStores().sessions.get(s.idHash)).toBeUndefined();
  });

  it('deletes sessions idle too long or too old, and only those', async () => {
    const { sessions } = getStores();
    await getStores().db.query('DELETE FROM sessions');
    const user = await newUser(getStores());
    const now = 1_000_000;
    const idle = session(user.id, now - 500, { lastSeenAt: now - 301 });
    const old = session(user.id, now - 1001, { lastSeenAt: now });
    const fresh = session(user.id, now - 1000, { lastSeenAt: now - 300 });
    for (const s of [idle, old, fresh]) await sessions.create(s, 5);
    expect(await sessions.deleteExpired(now, 300, 1000)).toBe(2);
    expect(await sessions.get(fresh.idHash)).toBeDefined();
    expect(await sessions.get(idle.idHash)).toBeUndefined();
    expect(await sessions.get(old.idHash)).toBeUndefined();
  });
});
