/**
 * The fleet scan's store (migration 4) on both backends: one lease per account at a time, taken over only
 * once it ran out; a scanner that lost its lease writes nothing more; a complete scan replaces the older
 * ones, a failed listing keeps the last complete scan.
 */
import { expect, it } from 'vitest';
import { describeEachStore } from './testing.js';
import type { FleetSecretRow } from './types.js';

const T = 1_800_000_000_000;
const LEASE = 30_000;
const row = (secret: string): FleetSecretRow => ({
  secret,
  secretState: 'ENABLED',
  versions: [{ id: 'v1', expire_time: T, stages: ['SYSCURRENT'] }],
  error: null,
  notify: 'ok',
});

describeEachStore('fleet store', (stores) => {
  const fleet = () => stores().fleet;

  it('gives one of many parallel claims the lease, and none while it is live', async () => {
    const claims = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        fleet().claim({ account: 'a1', scanId: `s${i}`, owner: `o${i}`, now: T, leaseMs: LEASE }),
      ),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    const winner = claims.indexOf(true);
    expect(
      await fleet().claim({ account: 'a1', scanId: 'late', owner: 'x', now: T + LEASE - 1, leaseMs: LEASE }),
    ).toBe(false);
    const scans = await fleet().scans('a1', T);
    expect(scans.map((s) => [s.scanId, s.running])).toEqual([[`s${winner}`, true]]);
  });

  it('lets another scanner take a lease that ran out; the first one then writes nothing', async () => {
    const lease = { account: 'a2', scanId: 'old', owner: 'crashed', now: T, leaseMs: LEASE };
    expect(await fleet().claim(lease)).toBe(true);
    expect(await fleet().progress({ ...lease, secretsTotal: 2, secrets: [row('x')] })).toBe(true);
    const takeover = { account: 'a2', scanId: 'new', owner: 'alive', now: T + LEASE, leaseMs: LEASE };
    expect(await fleet().claim(takeover)).toBe(true);
    expect(
      await fleet().progress({ ...lease, now: T + LEASE + 1, secretsTotal: 2, secrets: [row('y')] }),
    ).toBe(false);
    await fleet().finish({ ...lease, now: T + LEASE + 2 });
    expect((await fleet().secrets('old')).map((r) => r.secret)).toEqual(['x']);
    expect(await fleet().progress({ ...takeover, secretsTotal: 1, secrets: [row('z')] })).toBe(true);
    await fleet().finish({ ...takeover, now: T + LEASE + 3 });
    const scans = await fleet().scans('a2', T + LEASE + 4);
    expect(scans).toEqual([
      {
        scanId: 'new',
        account: 'a2',
        startedAt: T + LEASE,
        finishedAt: T + LEASE + 3,
        secretsTotal: 1,
        secretsScanned: 1,
        listError: null,
        running: false,
      },
    ]);
    expect(await fleet().secrets('new')).toEqual([row('z')]);
    expect(await fleet().secrets('old')).toEqual([]);
  });

  it('keeps the last complete scan when a later listing fails', async () => {
    const first = { account: 'a3', scanId: 'ok', owner: 'o', now: T, leaseMs: LEASE };
    await fleet().claim(first);
    await fleet().progress({ ...first, secretsTotal: 1, secrets: [row('x')] });
    await fleet().finish(first);
    const second = { ...first, scanId: 'broken', now: T + 1000 };
    expect(await fleet().claim(second)).toBe(true);
    await fleet().finish({ ...second, listError: { code: 'upstream_error', message: 'no' } });
    const scans = await fleet().scans('a3', T + 2000);
    expect(scans.map((s) => [s.scanId, s.listError?.code ?? null])).toEqual([
      ['broken', 'upstream_error'],
      ['ok', null],
    ]);
  });

  it("keeps each secret's notify answer (migration 6), null when a row has none", async () => {
    const lease = { account: 'a4', scanId: 'n', owner: 'o', now: T, leaseMs: LEASE };
    await fleet().claim(lease);
    const rows: FleetSecretRow[] = [
      { ...row('a'), notify: 'event_disabled' },
      { ...row('b'), versions: null, error: { code: 'upstream_error', message: 'no' }, notify: 'unknown' },
      { ...row('c'), notify: null },
    ];
    expect(await fleet().progress({ ...lease, secretsTotal: 3, secrets: rows })).toBe(true);
    expect(await fleet().secrets('n')).toEqual(rows);
  });
});
