import { describe, expect, it } from 'vitest';
import { auditHref } from '../../../lib/audit-href';
import {
  apiFilter,
  auditSearch,
  checkFilter,
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

  it('checks a filter with the BFF schema, naming each bad key', () => {
    expect(checkFilter({ batch: 'nope', from: 'abc', actor: 'sam' })).toEqual({
      batch: 'Must be an id from the audit log.',
      from: 'Must be epoch milliseconds.',
    });
    expect(checkFilter({ from: '2000', to: '1000' })).toEqual({ to: 'Must be later than from.' });
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
    expect(paramsFromForm({ ...form, fromText: '24.10.2026' }, 'UTC', NOW)).toMatchObject({
      ok: false,
      errors: { from: expect.stringMatching(/^Enter a date and time as YYYY-MM-DD HH:mm/) as string },
    });
  });

  it('builds history links with only the filters given', () => {
    expect(auditHref({ account: 'acc', secret: 'a b', version: 'v1' })).toBe(
      '/audit?account=acc&secret=a+b&version=v1',
    );
    expect(auditHref({ entry: BATCH })).toBe(`/audit?entry=${BATCH}`);
    expect(auditHref({})).toBe('/audit');
  });
});
