import { describe, expect, it } from 'vitest';
import { auditHref } from '../../../lib/audit-href';
import {
  apiFilter,
  auditSearch,
  checkFilter,
  filterErrorText,
  filterMessage,
  formFromParams,
  parseAuditParams,
  paramsFromForm,
} from './audit-params';

const NOW = Date.UTC(2026, 11, 6, 12, 0, 0, 500);
const BATCH = '01JBATCH0000000000000000AB';

describe('audit params', () => {
  it('round-trips a link through the URL, keeping values as written', () => {
    const search = new URLSearchParams(`account=acc&secret=db&version=v3&actor=sam&batch=${BATCH}&range=7d`);
    const params = parseAuditParams(search);
    expect(auditSearch(params).toString()).toBe(
      `account=acc&secret=db&version=v3&actor=sam&range=7d&batch=${BATCH}`,
    );
    expect(parseAuditParams(new URLSearchParams('version=x&range=1y&from=12')).from).toBe('12');
  });

  it('turns a preset into from = now minus its span, whole seconds; a preset wins over from/to', () => {
    const params = parseAuditParams(new URLSearchParams('range=24h&from=1&to=2'));
    expect(apiFilter(params, NOW)).toEqual({ from: String(Date.UTC(2026, 11, 5, 12)) });
  });

  it('checks a filter with the BFF schema, naming each bad key with a catalogue message', () => {
    const errors = checkFilter({ batch: 'nope', from: 'abc', actor: 'sam' });
    expect(errors).toEqual({
      batch: { id: 'audit.filterError.auditId' },
      from: { id: 'audit.filterError.epochMs' },
    });
    expect(filterErrorText(errors.batch!)).toBe('Must be an id from the audit log.');
    expect(filterErrorText(errors.from!)).toBe('Must be epoch milliseconds.');
    const inverted = checkFilter({ from: '2000', to: '1000' });
    expect(Object.keys(inverted)).toEqual(['to']);
    expect(filterErrorText(inverted.to!)).toBe('Must be later than from.');
    // zod's own message for an enum quotes the allowed values; it is said as the BFF says it.
    expect(filterErrorText(checkFilter({ outcome: 'nope' }).outcome!)).toBe(
      'Is not one of the allowed values.',
    );
  });

  it("says the BFF's messages in the user's words, and an unknown one as the BFF wrote it", () => {
    expect(filterMessage('must be given once')).toEqual({ id: 'audit.filterError.once' });
    expect(filterMessage('is not one of the allowed values')).toEqual({ id: 'audit.filterError.notAllowed' });
    expect(filterErrorText(filterMessage('no such user'))).toBe('No such user.');
  });

  it('reads a custom span as wall time in the zone, across a DST change', () => {
    const form = {
      ...formFromParams(parseAuditParams(new URLSearchParams()), 'Europe/Berlin'),
      range: 'custom' as const,
      fromText: '2026-10-24 12:00',
      toText: '2026-10-25T12:00',
    };
    const result = paramsFromForm(form, 'Europe/Berlin', NOW);
    expect(result).toMatchObject({
      ok: true,
      params: { from: String(Date.UTC(2026, 9, 24, 10)), to: String(Date.UTC(2026, 9, 25, 11)) },
    });
    // And back: the form shows the same wall times.
    if (result.ok) {
      const again = formFromParams(result.params, 'Europe/Berlin');
      expect([again.fromText, again.toText]).toEqual(['2026-10-24 12:00', '2026-10-25 12:00']);
    }
    const fromError = (fromText: string) => {
      const result = paramsFromForm({ ...form, fromText }, 'UTC', NOW);
      return result.ok || !result.errors.from ? undefined : filterErrorText(result.errors.from);
    };
    expect(fromError('24.10.2026')).toMatch(/^Enter a date and time as YYYY-MM-DD HH:mm/);
    expect(fromError('2026-10-24 7:00')).toMatch(/^Enter a date and time as YYYY-MM-DD HH:mm/);
    expect(fromError('1969-12-31 23:00')).toBe(
      '1969-12-31 23:00 is too far in the past: use a year from 1970 on.',
    );
    expect(fromError('2026-02-30 12:00')).toMatch(/^2026-02-30 12:00 is not a date and time:/);
    expect(fromError('2026-02-28 24:00')).toMatch(/^2026-02-28 24:00 is not a date and time:/);
    expect(fromError('2026-02-28 23:59:59')).toBeUndefined();
  });

  it('asks for a start or an end when a custom span has neither, and for an end after the start', () => {
    const form = {
      ...formFromParams(parseAuditParams(new URLSearchParams()), 'UTC'),
      range: 'custom' as const,
    };
    expect(paramsFromForm({ ...form, fromText: ' ', toText: '' }, 'UTC', NOW)).toEqual({
      ok: false,
      errors: { from: { id: 'audit.filterError.startOrEnd' } },
    });
    expect(
      paramsFromForm({ ...form, fromText: '2026-11-20 00:00', toText: '2026-11-20 00:00' }, 'UTC', NOW),
    ).toEqual({ ok: false, errors: { to: { id: 'audit.filterError.laterThanStart' } } });
  });

  it('builds history links with only the filters given', () => {
    expect(auditHref({ account: 'acc', secret: 'a b', version: 'v1' })).toBe(
      '/audit?account=acc&secret=a+b&version=v1',
    );
    expect(auditHref({ entry: BATCH })).toBe(`/audit?entry=${BATCH}`);
    expect(auditHref({})).toBe('/audit');
  });
});
