import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LIMIT,
  nameFilterError,
  nextPage,
  pageNumber,
  parseListParams,
  previousPage,
  toListQuery,
  toSearchParams,
  withFilters,
  type ListParams,
} from './list-params';

const parse = (qs: string) => parseListParams(new URLSearchParams(qs));
const first: ListParams = { name: '', state: undefined, limit: DEFAULT_LIMIT, marker: undefined, prev: [] };

describe('parseListParams', () => {
  it('defaults to page 1 of 20, unfiltered', () => {
    expect(parse('')).toEqual(first);
    expect(pageNumber(parse(''))).toBe(1);
  });
  it('reads filters, page size and the trail of earlier markers', () => {
    const p = parse('name=pay&state=DISABLED&limit=50&marker=m3&prev=m1,m2');
    expect(p).toEqual({ name: 'pay', state: 'DISABLED', limit: 50, marker: 'm3', prev: ['m1', 'm2'] });
    expect(pageNumber(p)).toBe(4);
  });
  it.each(['limit=0', 'limit=101', 'limit=abc', 'limit=20.5', 'limit=-1'])('ignores a bad %s', (qs) => {
    expect(parse(qs).limit).toBe(DEFAULT_LIMIT);
  });
  it('ignores an unknown state and an unusable marker (and its trail)', () => {
    expect(parse('state=deleted').state).toBeUndefined();
    expect(parse('marker=a%20b&prev=m1')).toMatchObject({ marker: undefined, prev: [] });
    expect(parse('prev=m1')).toMatchObject({ marker: undefined, prev: [] });
  });
  it('drops unusable entries from the trail', () => {
    expect(parse('marker=m3&prev=m1,,bad%20one,m2').prev).toEqual(['m1', 'm2']);
  });
  it('keeps an invalid name as typed, so the page can say what is wrong', () => {
    expect(parse('name=a%20b').name).toBe('a b');
    expect(toListQuery(parse('name=a%20b'))).toBeUndefined();
  });
});

describe('URL round trip', () => {
  it('leaves defaults out', () => {
    expect(toSearchParams(first).toString()).toBe('');
  });
  it('survives a reload', () => {
    const p: ListParams = { name: 'db', state: 'ENABLED', limit: 100, marker: 'x', prev: ['a', 'b'] };
    expect(parseListParams(toSearchParams(p))).toEqual(p);
  });
});

describe('paging', () => {
  it('walks forward and back to the same pages', () => {
    const p2 = nextPage(first, 'a');
    const p3 = nextPage(p2, 'b');
    expect(p3).toMatchObject({ marker: 'b', prev: ['a'] });
    expect(pageNumber(p3)).toBe(3);
    expect(previousPage(p3)).toEqual(p2);
    expect(previousPage(p2)).toEqual(first);
    expect(previousPage(first)).toEqual(first);
  });
  it('starts again at page 1 when a filter changes', () => {
    const p3 = nextPage(nextPage(first, 'a'), 'b');
    expect(withFilters(p3, { state: 'FROZEN' })).toEqual({ ...first, state: 'FROZEN' });
  });
});

describe('nameFilterError', () => {
  it.each(['', 'payments', 'PAY_db-1', 'a'.repeat(64)])('accepts %j', (name) => {
    expect(nameFilterError(name)).toBeUndefined();
  });
  it.each(['a b', 'pay.ments', 'ä', '%'])('refuses %j for its characters', (name) => {
    expect(nameFilterError(name)).toBe('badCharacters');
  });
  it('refuses a name past 64 characters for its length', () => {
    expect(nameFilterError('a'.repeat(65))).toBe('tooLong');
  });
});

describe('toListQuery', () => {
  it('sends only what is set', () => {
    expect(toListQuery(first)).toEqual({ limit: 20 });
    expect(toListQuery({ ...first, name: 'pay', state: 'ENABLED', marker: 'm' })).toEqual({
      limit: 20,
      marker: 'm',
      name: 'pay',
      state: 'ENABLED',
    });
  });
});
