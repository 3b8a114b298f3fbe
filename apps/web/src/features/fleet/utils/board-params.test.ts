import type { FleetItem } from '@csms-console/api-contract';
import { describe, expect, it } from 'vitest';
import {
  boardSearch,
  countBuckets,
  filterItems,
  parseBoardParams,
  rowKey,
  type FleetRow,
} from './board-params';

const items: FleetItem[] = [
  {
    secret: 'db-main',
    version: 'v2',
    stages: ['SYSCURRENT'],
    expire_time: 1,
    secret_state: 'ENABLED',
    bucket: 'expired',
    notify: 'ok',
    console_notify: 'no_rule',
  },
  {
    secret: 'db-main',
    version: 'v1',
    stages: [],
    expire_time: 1,
    secret_state: 'ENABLED',
    bucket: 'expired',
    notify: 'ok',
    console_notify: 'no_rule',
  },
  {
    secret: 'api-key',
    version: 'v1',
    stages: ['SYSCURRENT'],
    expire_time: null,
    secret_state: 'DISABLED',
    bucket: 'none',
    notify: 'event_disabled',
    console_notify: 'no_rule',
  },
  {
    secret: 'API-token',
    version: 'v3',
    stages: ['SYSPREVIOUS'],
    expire_time: 9,
    secret_state: 'ENABLED',
    bucket: '7d',
    notify: 'unknown',
    console_notify: 'no_rule',
  },
];

describe('board params', () => {
  it('keeps with untold=1 only versions expiring within 30 days that neither CSMS nor the console will tell', () => {
    const NOW = Date.UTC(2026, 11, 6, 12);
    const at = (
      days: number,
      notify: FleetItem['notify'],
      console: FleetItem['console_notify'],
      secret: string,
    ) => ({
      ...items[0]!,
      secret,
      expire_time: NOW + days * 86_400_000,
      notify,
      console_notify: console,
    });
    const rows = [
      at(1, 'unknown', 'no_rule', 'in'),
      at(30, 'records_failing', 'channel_failing', 'edge'),
      at(30.01, 'not_subscribed', 'no_rule', 'past-30'),
      at(-0.01, 'not_subscribed', 'no_rule', 'expired'),
      at(3, 'ok', 'no_rule', 'csms'),
      at(3, 'event_missing', 'ok', 'console'),
    ];
    const params = parseBoardParams(new URLSearchParams('untold=1'));
    expect(filterItems(rows, params, { now: NOW }).map((r) => r.secret)).toEqual(['in', 'edge']);
    expect(filterItems(rows, parseBoardParams(new URLSearchParams('')), { now: NOW })).toHaveLength(6);
  });

  it('round-trips through the URL and leaves defaults out', () => {
    const params = parseBoardParams(
      new URLSearchParams(
        'bucket=7d&bucket=expired&bucket=bogus&stage=current&state=ENABLED&notify=no&name=db&sort=-expiry',
      ),
    );
    expect(params).toEqual({
      buckets: ['expired', '7d'],
      stage: 'current',
      state: 'ENABLED',
      notify: 'no',
      name: 'db',
      untold: false,
      sort: { column: 'expiry', desc: true },
    });
    expect(boardSearch(params).toString()).toBe(
      'bucket=expired&bucket=7d&stage=current&state=ENABLED&notify=no&name=db&sort=-expiry',
    );
    expect(
      boardSearch(parseBoardParams(new URLSearchParams('stage=x&state=y&notify=maybe&sort=z'))).toString(),
    ).toBe('');
    // untold=1 only: any other value is the default (off), left out.
    expect(boardSearch(parseBoardParams(new URLSearchParams('untold=1&sort=console'))).toString()).toBe(
      'sort=console&untold=1',
    );
    expect(parseBoardParams(new URLSearchParams('untold=yes')).untold).toBe(false);
    expect(parseBoardParams(new URLSearchParams('notify=yes&sort=notify'))).toMatchObject({
      notify: 'yes',
      sort: { column: 'notify', desc: false },
    });
  });

  it('filters by bucket, stage, state, notify and name (case-insensitive substring)', () => {
    const keys = (p: string) =>
      filterItems(items, parseBoardParams(new URLSearchParams(p))).map((i) => `${i.secret}/${i.version}`);
    expect(keys('bucket=expired&stage=current')).toEqual(['db-main/v2']);
    expect(keys('stage=unlabelled')).toEqual(['db-main/v1']);
    expect(keys('stage=labelled')).toEqual(['API-token/v3']);
    expect(keys('state=DISABLED')).toEqual(['api-key/v1']);
    expect(keys('name=api')).toEqual(['api-key/v1', 'API-token/v3']);
    // An unknown answer (the scan could not read the event) is neither yes nor no.
    expect(keys('notify=yes')).toEqual(['db-main/v2', 'db-main/v1']);
    expect(keys('notify=no')).toEqual(['api-key/v1']);
    expect(keys('notify=no&name=db')).toEqual([]);
    expect(keys('')).toHaveLength(4);
  });

  it('counts each bucket, with the other filters applied but not the bucket one', () => {
    const params = parseBoardParams(new URLSearchParams('bucket=none&name=db'));
    expect(countBuckets(filterItems(items, params, { ignoreBuckets: true }))).toEqual({
      expired: 2,
      '7d': 0,
      '30d': 0,
      '90d': 0,
      later: 0,
      none: 0,
    });
  });

  it('reads the account filter leniently, sorts by account, and keys rows by account', () => {
    expect(parseBoardParams(new URLSearchParams('account=prod&sort=account')).account).toBe('prod');
    expect(parseBoardParams(new URLSearchParams('sort=-account')).sort).toEqual({
      column: 'account',
      desc: true,
    });
    // Not an account name (upper case, a slash): ignored, never thrown on.
    expect(parseBoardParams(new URLSearchParams('account=Prod%2Fx')).account).toBeUndefined();
    expect(boardSearch(parseBoardParams(new URLSearchParams('account=staging&name=db'))).toString()).toBe(
      'name=db&account=staging',
    );
    const rows: FleetRow[] = [
      { ...items[0]!, account: 'prod' },
      { ...items[0]!, account: 'staging' },
    ];
    const params = parseBoardParams(new URLSearchParams('account=staging'));
    expect(filterItems(rows, params).map(rowKey)).toEqual(['staging/db-main/v2']);
    expect(new Set(rows.map(rowKey)).size).toBe(2);
  });
});
