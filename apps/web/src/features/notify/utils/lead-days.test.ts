import { describe, expect, it } from 'vitest';
import { parseLeadDays } from './lead-days';

describe('parseLeadDays', () => {
  it('reads whole days separated by commas or spaces, Chinese commas too', () => {
    expect(parseLeadDays('30, 7, 1')).toEqual({ days: [30, 7, 1] });
    expect(parseLeadDays('14，3 2')).toEqual({ days: [14, 3, 2] });
    expect(parseLeadDays('  ')).toEqual({ days: [] });
  });
  it('refuses fractions, words, out-of-range days, repeats and more than ten', () => {
    expect(parseLeadDays('1.5')).toEqual({ problem: 'format' });
    expect(parseLeadDays('seven')).toEqual({ problem: 'format' });
    expect(parseLeadDays('-1')).toEqual({ problem: 'format' });
    expect(parseLeadDays('0')).toEqual({ problem: 'range' });
    expect(parseLeadDays('366')).toEqual({ problem: 'range' });
    expect(parseLeadDays('7, 7')).toEqual({ problem: 'repeat' });
    expect(parseLeadDays('1,2,3,4,5,6,7,8,9,10,11')).toEqual({ problem: 'tooMany' });
  });
});
