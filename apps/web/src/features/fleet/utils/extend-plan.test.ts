import type { FleetItem } from '@csms-console/api-contract';
import { describe, expect, it } from 'vitest';
import { adminPolicy, supportPolicy } from '../../../testing/expiry-policies';
import { batchItems, chunkByAccount, MAX_BATCH_ITEMS, presetExpiry } from './extend-plan';

const NOW = Date.UTC(2026, 11, 6, 12, 0, 0, 750);
const DAY = 86_400_000;

describe('presetExpiry', () => {
  it('adds whole days to the second, never past the role horizon', () => {
    expect(presetExpiry(NOW, 30, adminPolicy)).toBe(NOW - 750 + 30 * DAY);
    const ninety = presetExpiry(NOW, 90, supportPolicy);
    expect(ninety).toBeLessThanOrEqual(NOW + supportPolicy.max_horizon_ms);
    expect(presetExpiry(NOW, 400, supportPolicy)).toBe(NOW - 750 + supportPolicy.max_horizon_ms);
  });
});

describe('batchItems', () => {
  it('expects the expiry the board showed, null included', () => {
    const items: FleetItem[] = [
      {
        secret: 'a',
        version: 'v1',
        stages: [],
        expire_time: 5_000,
        secret_state: 'ENABLED',
        bucket: 'expired',
        notify: 'ok',
        console_notify: 'no_rule',
      },
      {
        secret: 'b',
        version: 'v2',
        stages: [],
        expire_time: null,
        secret_state: 'ENABLED',
        bucket: 'none',
        notify: 'ok',
        console_notify: 'no_rule',
      },
    ];
    expect(batchItems(items, 9_000)).toEqual([
      { secret: 'a', version: 'v1', expire_time: 9_000, expected_expire_time: 5_000 },
      { secret: 'b', version: 'v2', expire_time: 9_000, expected_expire_time: null },
    ]);
  });
});

describe('chunkByAccount', () => {
  it('splits a selection per account into chunks of at most MAX_BATCH_ITEMS, in order', () => {
    const rows = [
      ...Array.from({ length: 1_200 }, (_, i) => ({ account: 'prod', key: `p${i}` })),
      { account: 'staging', key: 's0' },
      { account: 'prod', key: 'p-last' },
    ];
    const chunks = chunkByAccount(rows);
    expect(chunks.map((c) => [c.account, c.items.length])).toEqual([
      ['prod', MAX_BATCH_ITEMS],
      ['prod', MAX_BATCH_ITEMS],
      ['prod', 201],
      ['staging', 1],
    ]);
    expect(chunks[0]!.items[0]!.key).toBe('p0');
    expect(chunks[2]!.items.at(-1)!.key).toBe('p-last');
    expect(chunks.flatMap((c) => c.items)).toHaveLength(rows.length);
  });

  it('makes no chunk of an empty selection', () => {
    expect(chunkByAccount([])).toEqual([]);
  });
});
