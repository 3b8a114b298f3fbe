/** The evaluation's pure part: which crossings are due, for which channels. */
import { describe, expect, it } from 'vitest';
import type { FleetSecretRow } from '../../store/types.js';
import { rule, secretRow } from './engine-testing.js';
import { evaluateCrossings } from './evaluate.js';

const DAY = 86_400_000;
const NOW = 1_800_000_000_000;
const CH1 = '01J00000000000000000000CH1';
const CH2 = '01J00000000000000000000CH2';

const fleet = (rows: FleetSecretRow[], account = 'acc') => new Map([[account, rows]]);
const version = (id: string, expireIn: number | null, stages: string[] = ['SYSCURRENT']) => ({
  id,
  expire_time: expireIn === null ? null : NOW + expireIn,
  stages,
});

describe('evaluateCrossings', () => {
  it('gives the most urgent lead crossed only', () => {
    const got = evaluateCrossings(
      [rule({ channels: [CH1] })],
      fleet([secretRow('s', [version('v1', 3 * DAY)])]),
      NOW,
    );
    expect(got.map((c) => c.leadDays)).toEqual([7]);
    expect(got[0]).toMatchObject({ account: 'acc', secret: 's', version: 'v1', expireTime: NOW + 3 * DAY });
    expect(got[0]!.targets).toEqual([{ channelId: CH1, language: 'en', timeZone: 'UTC' }]);
  });

  it('has nothing due for a version extended before its threshold, or without an expiry', () => {
    const rows = [secretRow('s', [version('v1', 31 * DAY), version('v2', null)])];
    expect(evaluateCrossings([rule({ channels: [CH1] })], fleet(rows), NOW)).toEqual([]);
  });

  it('re-arms the lead times for a new expire_time: a different crossing', () => {
    const r = [rule({ channels: [CH1] })];
    const before = evaluateCrossings(r, fleet([secretRow('s', [version('v1', 6 * DAY)])]), NOW);
    const after = evaluateCrossings(r, fleet([secretRow('s', [version('v1', 25 * DAY)])]), NOW);
    expect(before.map((c) => [c.leadDays, c.expireTime])).toEqual([[7, NOW + 6 * DAY]]);
    expect(after.map((c) => [c.leadDays, c.expireTime])).toEqual([[30, NOW + 25 * DAY]]);
  });

  it('warns on expiry (lead 0) only when the rule asks', () => {
    const rows = [secretRow('s', [version('v1', -DAY)])];
    expect(evaluateCrossings([rule({ channels: [CH1] })], fleet(rows), NOW).map((c) => c.leadDays)).toEqual([
      0,
    ]);
    expect(evaluateCrossings([rule({ channels: [CH1], on_expiry: false })], fleet(rows), NOW)).toEqual([]);
  });

  it('watches current, staged or all versions as the rule says', () => {
    const rows = [
      secretRow('s', [
        version('cur', DAY, ['SYSCURRENT']),
        version('prev', DAY, ['SYSPREVIOUS']),
        version('none', DAY, []),
      ]),
    ];
    const versions = (v: 'current' | 'staged' | 'all') =>
      evaluateCrossings([rule({ channels: [CH1], versions: v })], fleet(rows), NOW)
        .map((c) => c.version)
        .sort();
    expect(versions('current')).toEqual(['cur']);
    expect(versions('staged')).toEqual(['cur', 'prev']);
    expect(versions('all')).toEqual(['cur', 'none', 'prev']);
  });

  it('ignores disabled rules and accounts a rule does not name', () => {
    const rows = [secretRow('s', [version('v1', DAY)])];
    expect(evaluateCrossings([rule({ channels: [CH1], enabled: false })], fleet(rows), NOW)).toEqual([]);
    expect(evaluateCrossings([rule({ channels: [CH1], accounts: ['other'] })], fleet(rows), NOW)).toEqual([]);
  });

  it('collects every rule channel and language wanting one crossing; different leads stay apart', () => {
    const rows = [secretRow('s', [version('v1', 5 * DAY)])];
    const rules = [
      rule({ name: 'a', channels: [CH1] }),
      rule({ name: 'b', channels: [CH1, CH2], language: 'zh-CN', time_zone: 'Asia/Shanghai' }),
      rule({ name: 'c', channels: [CH1] }),
      rule({ name: 'd', channels: [CH2], lead_days: [10] }),
    ];
    const got = evaluateCrossings(rules, fleet(rows), NOW);
    expect(got.map((c) => c.leadDays).sort()).toEqual([10, 7]);
    expect(got.find((c) => c.leadDays === 7)!.targets).toEqual([
      { channelId: CH1, language: 'en', timeZone: 'UTC' },
      { channelId: CH1, language: 'zh-CN', timeZone: 'Asia/Shanghai' },
      { channelId: CH2, language: 'zh-CN', timeZone: 'Asia/Shanghai' },
    ]);
  });

  it('skips secrets whose read failed, and sorts most urgent first', () => {
    const rows = [
      { ...secretRow('broken', null), error: { code: 'x', message: 'y' } },
      secretRow('later', [version('v', 6 * DAY)]),
      secretRow('sooner', [version('v', -2 * DAY)]),
    ];
    const got = evaluateCrossings([rule({ channels: [CH1] })], fleet(rows), NOW);
    expect(got.map((c) => c.secret)).toEqual(['sooner', 'later']);
  });
});
