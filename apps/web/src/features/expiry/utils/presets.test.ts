import type { ExpiryPolicy, Version } from '@csms-console/api-contract';
import { describe, expect, it } from 'vitest';
import { adminPolicy, supportPolicy } from '../../../testing/expiry-policies';
import { buildPresets } from './presets';

const DAY = 86_400_000;
const now = Date.UTC(2026, 10, 23, 12, 0, 0, 500);
const policy = (over: Partial<ExpiryPolicy> = {}): ExpiryPolicy => ({ ...adminPolicy, ...over });
const v = (id: string, expire_time: number | null, stages: string[] = []): Version => ({
  id,
  create_time: null,
  expire_time,
  version_stages: stages,
});
const live = v('v5', Date.UTC(2027, 0, 22, 14, 19, 36), ['SYSCURRENT']);
const old = v('v4', now + 3 * DAY, ['SYSPREVIOUS']);

function presets(version: Version, versions: Version[], over: Partial<ExpiryPolicy> = {}) {
  const ctx = { policy: policy(over), current: version.expire_time, now, zone: 'UTC' };
  return Object.fromEntries(buildPresets({ version, versions, zone: 'UTC', ctx }).map((p) => [p.label, p]));
}

describe('buildPresets', () => {
  it('offers whole-second instants relative to now', () => {
    const p = presets(old, [live, old]);
    expect(p['+30 days']!.ms).toBe(Date.UTC(2026, 11, 23, 12, 0, 0));
    expect(p['+1 year']!.ms).toBe(Date.UTC(2027, 10, 23, 12, 0, 0));
    expect(p['End of quarter']!.ms).toBe(Date.UTC(2026, 11, 31, 23, 59, 59));
    expect(p['Same as SYSCURRENT']).toEqual({
      id: 'sameAsLive',
      label: 'Same as SYSCURRENT',
      ms: live.expire_time,
    });
  });
  it('explains why "Same as SYSCURRENT" is unavailable', () => {
    expect(presets(live, [live, old])['Same as SYSCURRENT']!.unavailable).toBe(
      'This version is SYSCURRENT itself.',
    );
    expect(presets(old, [old])['Same as SYSCURRENT']!.unavailable).toMatch(/No version/);
    expect(presets(old, [v('v5', null, ['SYSCURRENT']), old])['Same as SYSCURRENT']!.unavailable).toMatch(
      /has no expiry/,
    );
  });
  it('disables presets beyond the role horizon, saying why', () => {
    const p = presets(old, [live, old], supportPolicy);
    expect(p['+90 days']!.unavailable).toBeUndefined();
    expect(p['+1 year']!.unavailable).toMatch(/at most 90 days ahead/);
  });
});
