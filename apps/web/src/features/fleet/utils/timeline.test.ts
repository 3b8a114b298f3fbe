import type { FleetItem } from '@csms-console/api-contract';
import { describe, expect, it } from 'vitest';
import { timelineBins } from './timeline';

const NOW = Date.UTC(2026, 11, 6, 12);
const DAY = 86_400_000;

const item = (stages: string[], ms: number | null, bucket: FleetItem['bucket']): FleetItem => ({
  secret: 's',
  version: 'v1',
  stages,
  expire_time: ms,
  secret_state: 'ENABLED',
  bucket,
  notify: 'ok',
  console_notify: 'no_rule',
});

describe('timelineBins', () => {
  it('puts the expired first and each later expiry in its week, split by stage kind', () => {
    const bins = timelineBins(
      [
        item(['SYSCURRENT'], NOW - DAY, 'expired'),
        item([], NOW - 30 * DAY, 'expired'),
        item(['SYSCURRENT'], NOW + 7 * DAY, '7d'), // exactly one week: week 1
        item(['SYSPREVIOUS'], NOW + 7 * DAY + 1, '30d'), // just past: week 2
        item(['SYSCURRENT'], NOW + 91 * DAY, 'later'), // week 13
        item(['SYSCURRENT'], NOW + 91 * DAY + 1, 'later'), // beyond the timeline
        item(['SYSCURRENT'], null, 'none'),
      ],
      NOW,
    );
    expect(bins.current).toEqual([1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(bins.labelled).toEqual([0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(bins.unlabelled).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });
});
