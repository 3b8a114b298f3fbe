import type { FleetItem } from '@csms-console/api-contract';
import { describe, expect, it } from 'vitest';
import { compareSeverity, stageKind } from './severity';

const NOW = Date.UTC(2026, 11, 6);
const DAY = 86_400_000;

function item(
  secret: string,
  stages: string[],
  expire: number | null,
  bucket: FleetItem['bucket'],
): FleetItem {
  return {
    secret,
    version: 'v1',
    stages,
    expire_time: expire,
    secret_state: 'ENABLED',
    bucket,
    notify: 'ok',
    console_notify: 'no_rule',
  };
}

describe('compareSeverity', () => {
  it('puts an expired SYSCURRENT first and an expired unlabelled version last among the expired', () => {
    const items = [
      item('unlabelled', [], NOW - 9 * DAY, 'expired'),
      item('soon', ['SYSCURRENT'], NOW + DAY, '7d'),
      item('previous', ['SYSPREVIOUS'], NOW - 9 * DAY, 'expired'),
      item('never', ['SYSCURRENT'], null, 'none'),
      item('current', ['SYSPREVIOUS', 'SYSCURRENT'], NOW - DAY, 'expired'),
      item('later', [], NOW + 200 * DAY, 'later'),
    ];
    expect([...items].sort(compareSeverity).map((i) => i.secret)).toEqual([
      'current',
      'previous',
      'unlabelled',
      'soon',
      'later',
      'never',
    ]);
  });

  it('orders equal severity by the longest expired first, then by name', () => {
    const items = [
      item('b', ['SYSCURRENT'], NOW - DAY, 'expired'),
      item('c', ['SYSCURRENT'], NOW - 5 * DAY, 'expired'),
      item('a', ['SYSCURRENT'], NOW - DAY, 'expired'),
    ];
    expect([...items].sort(compareSeverity).map((i) => i.secret)).toEqual(['c', 'a', 'b']);
  });
});

describe('stageKind', () => {
  it('tells SYSCURRENT, other labels and no label apart', () => {
    expect(stageKind(['SYSPREVIOUS', 'SYSCURRENT'])).toBe('current');
    expect(stageKind(['SYSPREVIOUS'])).toBe('labelled');
    expect(stageKind([])).toBe('unlabelled');
  });
});
