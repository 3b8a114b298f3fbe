import { expect, it } from 'vitest';
import { describeEachStore } from './testing.js';
import { UserExistsError } from './types.js';

describeEachStore('users store', (getStores) => {
  const users = () => getStores().users;

  it('creates, finds by id and by name in any case, and counts', async () => {
    const before = await users().count();
    const ann = await users().create({ name: 'Ann', role: 'admin', passwordHash: 'hash-a', now: 1000 });
    expect(ann).toEqual({
      id: expect.any(String),
      name: 'Ann',
      role: 'admin',
      disabled: false,
      createdAt: 1000,
      updatedAt: 1000,
    });
    expect(ann.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await users().findById(ann.id)).toEqual(ann);
    expect(await users().findByName('aNN')).toEqual({ ...ann, passwordHash: 'hash-a' });
    expect(await users().count()).toBe(before + 1);
  });

  it('answers undefined for unknown users', async () => {
    expect(await users().findById('00000000-0000-0000-0000-000000000000')).toBeUndefined();
    expect(await users().findByName('nobody')).toBeUndefined();
  });

  it('refuses a name taken in another case with UserExistsError', async () => {
    await users().create({ name: 'Bob', role: 'support', passwordHash: 'h', now: 1 });
    const err = await users()
      .create({ name: 'BOB', role: 'auditor', passwordHash: 'h', now: 2 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserExistsError);
    expect((err as Error).message).not.toMatch(/BOB|duplicate key/);
  });

  it('refuses an unknown role', async () => {
    await expect(
      users().create({ name: 'Eve', role: 'root' as 'admin', passwordHash: 'h', now: 1 }),
    ).rejects.toThrow();
  });

  it('updates password, role and disabled, stamping updatedAt', async () => {
    const cat = await users().create({ name: 'Cat', role: 'auditor', passwordHash: 'old', now: 10 });
    await users().setPasswordHash(cat.id, 'new', 20);
    expect((await users().findByName('cat'))?.passwordHash).toBe('new');
    await users().setRole(cat.id, 'support', 30);
    await users().setDisabled(cat.id, true, 40);
    expect(await users().findById(cat.id)).toEqual({
      ...cat,
      role: 'support',
      disabled: true,
      updatedAt: 40,
    });
    await users().setDisabled(cat.id, false, 50);
    expect((await users().findById(cat.id))?.disabled).toBe(false);
  });

  it('lists users by name, case-insensitively', async () => {
    await users().create({ name: 'aaron', role: 'auditor', passwordHash: 'h', now: 1 });
    const names = (await users().list()).map((u) => u.name);
    expect(names).toEqual([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    expect(names).toContain('aaron');
  });
});
