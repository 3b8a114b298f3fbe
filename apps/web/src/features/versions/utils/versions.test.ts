import type { Version } from '@csms-console/api-contract';
import { describe, expect, it } from 'vitest';
import { isUnlabelled, orderedStages, sortNewestFirst, versionNumber } from './versions';

const v = (id: string, create_time: number | null, version_stages: string[] = []): Version => ({
  id,
  create_time,
  expire_time: null,
  version_stages,
});

describe('versionNumber', () => {
  it('reads the number of v<digits> and nothing else', () => {
    expect(versionNumber('v12')).toBe(12);
    expect(versionNumber('latest')).toBeNaN();
  });
});

describe('sortNewestFirst', () => {
  it('puts the newest create time first', () => {
    const ids = sortNewestFirst([v('v1', 1000), v('v3', 3000), v('v2', 2000)]).map((x) => x.id);
    expect(ids).toEqual(['v3', 'v2', 'v1']);
  });
  it('falls back to the version number numerically (v10 after v9), not as text', () => {
    const ids = sortNewestFirst([v('v9', 5000), v('v10', 5000), v('v2', 5000)]).map((x) => x.id);
    expect(ids).toEqual(['v10', 'v9', 'v2']);
  });
  it('puts versions without a create time last, by number', () => {
    const ids = sortNewestFirst([v('v1', null), v('v2', 1000), v('v3', null)]).map((x) => x.id);
    expect(ids).toEqual(['v2', 'v3', 'v1']);
  });
  it('does not mutate its input', () => {
    const input = [v('v1', 1), v('v2', 2)];
    sortNewestFirst(input);
    expect(input.map((x) => x.id)).toEqual(['v1', 'v2']);
  });
});

describe('stages', () => {
  it('marks versions without any label', () => {
    expect(isUnlabelled(v('v1', 1))).toBe(true);
    expect(isUnlabelled(v('v1', 1, ['custom']))).toBe(false);
  });
  it('lists SYSCURRENT first', () => {
    expect(orderedStages(['a', 'SYSCURRENT', 'b'])).toEqual(['SYSCURRENT', 'a', 'b']);
  });
});
