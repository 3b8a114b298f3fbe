// @vitest-environment happy-dom
/**
 * The audit page as a person uses it, against a fetch that answers as the BFF does: every query the page
 * sends is parsed with the BFF's own query schema, every answer with the api-contract schema of that route.
 * Filters live in the URL, an expiry change reads as one row (who, before -> after in the page's zone and UTC,
 * reason, outcome, references), bad filters are named next to themselves, paging, the chain and the CSV.
 */
import {
  apiPaths,
  AuditEventsPageSchema,
  AuditEventsQuerySchema,
  AuditVerifySchema,
  ErrorBodySchema,
  OutsideChangesSchema,
  type AuditEvent,
  type AuditEventsPage,
  type AuditVerify,
  type OutsideChanges,
} from '@csms-console/api-contract';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { activateLocale, I18nRoot } from '../../../lib/i18n';
import { renderWithProviders } from '../../../testing/render';
import { BROWSER_ZONE, NOW } from '../../../testing/secret-fixtures';
import { AuditPage } from './audit-page';

vi.setConfig({ testTimeout: 20_000 });

const DAY = 86_400_000;
const BATCH = '01JBATCH0000000000000000AB';
const ENTRY = '01JENTRY0000000000000000CD';

function change(overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: ENTRY,
    seq: 40,
    at: NOW - 60_000,
    action: 'version.update',
    outcome: 'applied',
    actor: { name: 'sam', role: 'support' },
    account: 'acc',
    secret: 'db-password',
    version: 'v4',
    before_expire_time: Date.UTC(2026, 10, 26, 13, 30),
    requested_expire_time: Date.UTC(2027, 0, 15, 9, 0),
    after_expire_time: Date.UTC(2027, 0, 15, 9, 0),
    reason: 'INC-7 rotate later',
    csms_request_id: 'csms-req-9',
    csms_error_code: null,
    batch_id: BATCH,
    request_id: 'req-1',
    client_ip: '10.0.0.1',
    intent: { id: '01JINTENT000000000000000EF', at: NOW - 61_000 },
    details: null,
    ...overrides,
  };
}

const login: AuditEvent = {
  ...change(),
  id: '01JLOGIN00000000000000000G',
  seq: 39,
  action: 'auth.login_failed',
  outcome: 'denied',
  actor: { name: null, role: null },
  account: null,
  secret: null,
  version: null,
  before_expire_time: null,
  requested_expire_time: null,
  after_expire_time: null,
  reason: null,
  csms_request_id: null,
  batch_id: null,
  intent: null,
};

interface Answers {
  pages: Record<string, AuditEventsPage>;
  verify: AuditVerify[];
  outside: Record<string, OutsideChanges>;
  eventsError?: { status: number; body: unknown };
}

const intact: AuditVerify = {
  intact: true,
  rows_checked: 41,
  head_hash: 'ab'.repeat(32),
  first_broken: null,
};
const noScan: OutsideChanges = { scanned_at: null, complete: false, listing_error: null, items: [] };

/** The BFF at the fetch boundary; `queries` records each events query as the BFF parsed it. */
function fakeBff(answers: Answers) {
  const queries: Record<string, unknown>[] = [];
  const downloads: string[] = [];
  const json = (status: number, body: unknown) =>
    Promise.resolve(
      new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }),
    );
  const fetch = vi.fn((input: string, init?: RequestInit) => {
    expect(new Headers(init?.headers).get('X-CSRF')).toBe('1');
    const url = new URL(input, 'http://console.test');
    const query = Object.fromEntries(url.searchParams);
    if (url.pathname === apiPaths.auditEvents()) {
      const parsed = AuditEventsQuerySchema.parse(query);
      queries.push(parsed);
      if (answers.eventsError) return json(answers.eventsError.status, answers.eventsError.body);
      const page = answers.pages[query.cursor ?? ''];
      if (!page) throw new Error(`no page for cursor ${query.cursor}`);
      return json(200, AuditEventsPageSchema.parse(page));
    }
    if (url.pathname === apiPaths.auditEventsExport()) {
      AuditEventsQuerySchema.parse(query);
      downloads.push(url.search);
      return Promise.resolve(
        new Response('id,at\n', {
          headers: { 'Content-Type': 'text/csv', 'Content-Disposition': 'attachment; filename="events.csv"' },
        }),
      );
    }
    if (url.pathname === apiPaths.auditVerify()) {
      const next = answers.verify.length > 1 ? answers.verify.shift()! : answers.verify[0]!;
      return json(200, AuditVerifySchema.parse(next));
    }
    const outside = /^\/api\/accounts\/([^/]+)\/outside-changes$/.exec(url.pathname);
    if (outside) return json(200, OutsideChangesSchema.parse(answers.outside[outside[1]!] ?? noScan));
    throw new Error(`unexpected ${url.pathname}`);
  });
  vi.stubGlobal('fetch', fetch);
  return { fetch, queries, downloads };
}

function openPage(url: string, answers: Partial<Answers> = {}, accounts = ['acc']) {
  const bff = fakeBff({
    pages: { '': { events: [change(), login], next_cursor: null } },
    verify: [intact],
    outside: {},
    ...answers,
  });
  const router = createMemoryRouter([{ path: '/audit', element: <AuditPage accounts={accounts} /> }], {
    initialEntries: [url],
  });
  // Sentences with elements inside (<Msg>) need Lingui's provider, as the app's own (app/provider.tsx) gives.
  const page = renderWithProviders(
    <I18nRoot>
      <RouterProvider router={router} />
    </I18nRoot>,
  );
  return { ...page, router, ...bff };
}

const eventsTable = () => screen.findByRole('table', { name: /^Audit events/ });
const rowsOf = (table: HTMLElement) => within(table).getAllByRole('row').slice(1);
const field = (name: string | RegExp) => screen.getByLabelText(name);
const describedText = (element: HTMLElement) =>
  (element.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');

let savedTz: string | undefined;
beforeAll(() => {
  savedTz = process.env.TZ;
  process.env.TZ = BROWSER_ZONE;
});
afterAll(() => {
  process.env.TZ = savedTz;
});
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: NOW });
  localStorage.clear();
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('AuditPage', () => {
  it('opens a version history link with its filters and shows an expiry change as one row', async () => {
    const { queries } = openPage('/audit?account=acc&secret=db-password&version=v4');
    const table = await eventsTable();
    expect(queries[0]).toEqual({ account: 'acc', secret: 'db-password', version: 'v4', limit: 50 });
    expect((field('Account') as HTMLInputElement).value).toBe('acc');
    expect((field('Secret') as HTMLInputElement).value).toBe('db-password');
    expect((field(/^Version/) as HTMLInputElement).value).toBe('v4');

    const [row, denial] = rowsOf(table);
    const cells = within(row!).getAllByRole('cell');
    expect(cells[0]!.textContent).toBe('sam Support');
    expect(cells[1]!.textContent).toBe('Expiry change');
    expect(within(cells[2]!).getByRole('link', { name: 'db-password' }).getAttribute('href')).toBe(
      '/accounts/acc/secrets/db-password',
    );
    expect(cells[2]!.textContent).toContain('v4');
    // Before and after in the browser's zone (Berlin) and in UTC.
    const change = cells[3]!.textContent;
    expect(change).toContain('Before: 2026-11-26 14:30:00 UTC+01:00');
    expect(change).toContain('2026-11-26 13:30:00 UTC');
    expect(change).toContain('After: 2027-01-15 10:00:00 UTC+01:00');
    expect(change).toContain('2027-01-15 09:00:00 UTC');
    expect(change).not.toContain('Requested');
    expect(cells[4]!.textContent).toBe('INC-7 rotate later');
    expect(cells[5]!.textContent).toContain('Applied');
    expect(cells[6]!.textContent).toContain('csms-req-9');
    expect(
      within(cells[6]!)
        .getByRole('link', { name: /^Batch/ })
        .getAttribute('href'),
    ).toBe(`/audit?batch=${BATCH}`);
    expect(within(denial!).getByText('Failed sign-in')).toBeTruthy();
    expect(within(denial!).getByText('Denied')).toBeTruthy();
    expect(screen.getByText('2 events shown, newest first.')).toBeTruthy();
  });

  it('shows what was requested when CSMS stored something else, and a pending change as not known yet', async () => {
    openPage('/audit', {
      pages: {
        '': {
          events: [
            change({ after_expire_time: Date.UTC(2027, 0, 15, 9, 0, 1) }),
            change({ id: '01JPEND00000000000000000AA', outcome: 'pending', after_expire_time: null }),
          ],
          next_cursor: null,
        },
      },
    });
    const [differs, pending] = rowsOf(await eventsTable());
    expect(within(differs!).getAllByRole('cell')[3]!.textContent).toContain(
      'Requested: 2027-01-15 10:00:00 UTC+01:00',
    );
    const pendingChange = within(pending!).getAllByRole('cell')[3]!.textContent;
    expect(pendingChange).toContain('After: Not known yet');
    expect(pendingChange).toContain('Requested: 2027-01-15 10:00:00 UTC+01:00');
    expect(within(pending!).getByText('Pending')).toBeTruthy();
  });

  it('applies the filters together into the URL and the BFF query, a preset counting back from now', async () => {
    const { user, router, queries } = openPage('/audit');
    await eventsTable();
    await user.type(field(/^Who/), 'sam');
    await user.selectOptions(field('Action'), 'version.update');
    await user.selectOptions(field('Outcome'), 'failed');
    await user.selectOptions(field('Time range'), '7d');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    await waitFor(() =>
      expect(router.state.location.search).toBe('?actor=sam&action=version.update&outcome=failed&range=7d'),
    );
    await waitFor(() => expect(queries).toHaveLength(2));
    expect(queries[1]).toEqual({
      actor: 'sam',
      action: 'version.update',
      outcome: 'failed',
      from: NOW - 7 * DAY,
      limit: 50,
    });
  });

  it('reads a custom span as wall time in the page zone and refuses one that runs backwards', async () => {
    localStorage.setItem('csms-console.zone', 'utc');
    const { user, router, queries } = openPage('/audit');
    await eventsTable();
    await user.selectOptions(field('Time range'), 'custom');
    await user.type(field('From'), '2026-11-20 00:00');
    await user.type(field('To'), '2026-11-19 00:00');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(describedText(field('To'))).toContain('Must be later than the start.');
    expect(field('To').getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(field('To'));
    expect(router.state.location.search).toBe('');

    await user.clear(field('To'));
    await user.type(field('To'), '2026-11-21 12:30');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    const from = Date.UTC(2026, 10, 20);
    const to = Date.UTC(2026, 10, 21, 12, 30);
    await waitFor(() => expect(router.state.location.search).toBe(`?from=${from}&to=${to}`));
    await waitFor(() => expect(queries.at(-1)).toEqual({ from, to, limit: 50 }));
    expect(field('To').getAttribute('aria-invalid')).toBeNull();
  });

  it('names a bad filter from the URL next to it, keeps the others, and asks the BFF nothing', async () => {
    const { queries } = openPage('/audit?actor=sam&batch=not-a-batch');
    const batch = await screen.findByLabelText('Batch id');
    expect(describedText(batch)).toContain('Must be an id from the audit log.');
    expect(batch.getAttribute('aria-invalid')).toBe('true');
    expect((field(/^Who/) as HTMLInputElement).value).toBe('sam');
    expect(field(/^Who/).getAttribute('aria-invalid')).toBeNull();
    expect(screen.getByRole('alert').textContent).toContain('One filter is not valid');
    expect(screen.queryByRole('table', { name: /^Audit events/ })).toBeNull();
    expect(queries).toEqual([]);
  });

  it('names the filter the BFF refused (400 invalid_input, details.issues[].path)', async () => {
    const body = ErrorBodySchema.parse({
      error: {
        code: 'invalid_input',
        message: 'Invalid query.actor: no such user.',
        requestId: 'req-x',
        details: { issues: [{ location: 'query', path: 'actor', message: 'no such user' }] },
      },
    });
    openPage('/audit?actor=nobody&action=auth.login', { eventsError: { status: 400, body } });
    await waitFor(() => expect(describedText(field(/^Who/))).toContain('No such user.'));
    expect(field(/^Who/).getAttribute('aria-invalid')).toBe('true');
    expect((field('Action') as HTMLSelectElement).value).toBe('auth.login');
    expect(field('Action').getAttribute('aria-invalid')).toBeNull();
  });

  it('loads older events by the cursor and appends them', async () => {
    const older = change({ id: '01JOLDER0000000000000000AA', seq: 3, reason: 'older one', batch_id: null });
    const { user, queries } = openPage('/audit?action=version.update', {
      pages: {
        '': { events: [change()], next_cursor: '12' },
        '12': { events: [older], next_cursor: null },
      },
    });
    const table = await eventsTable();
    expect(rowsOf(table)).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Older events' }));
    await waitFor(() => expect(rowsOf(table)).toHaveLength(2));
    expect(queries[1]).toEqual({ action: 'version.update', cursor: '12', limit: 50 });
    expect(rowsOf(table)[1]!.textContent).toContain('older one');
    expect(document.activeElement).toBe(within(rowsOf(table)[1]!).getByRole('rowheader'));
    expect(screen.queryByRole('button', { name: 'Older events' })).toBeNull();
  });

  it('says the chain is intact, and where it breaks after "Verify now"', async () => {
    const { user } = openPage('/audit', {
      verify: [
        intact,
        {
          intact: false,
          rows_checked: 17,
          head_hash: 'cd'.repeat(32),
          first_broken: { seq: 17, id: ENTRY, problem: 'hash mismatch' },
        },
      ],
    });
    expect(await screen.findByText('Intact: 41 rows checked')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Verify now' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Broken at row 17');
    expect(alert.textContent).toContain(ENTRY);
    expect(alert.textContent).toContain('hash mismatch');
  });

  it('downloads the CSV of the current filter', async () => {
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    URL.createObjectURL = vi.fn(() => 'blob:events');
    URL.revokeObjectURL = vi.fn();
    const { user, downloads } = openPage(`/audit?batch=${BATCH}&action=version.update`);
    await eventsTable();
    await user.click(screen.getByRole('button', { name: /Download CSV/ }));
    await waitFor(() => expect(click).toHaveBeenCalled());
    expect(downloads).toEqual([`?action=version.update&batch=${BATCH}`]);
    const link = click.mock.contexts[0] as HTMLAnchorElement;
    expect(link.download).toBe('events.csv');
    expect(link.getAttribute('href')).toBe('blob:events');
  });

  it('lists versions changed outside the console per account, with both values and who set the console one', async () => {
    openPage(
      '/audit',
      {
        outside: {
          acc: {
            scanned_at: NOW - 5 * 60_000,
            complete: true,
            listing_error: null,
            items: [
              {
                secret: 'db-password',
                version: 'v4',
                current_expire_time: Date.UTC(2027, 5, 1),
                console_expire_time: Date.UTC(2027, 0, 15, 9),
                console_set_at: NOW - DAY,
                console_actor: 'sam',
                console_entry: ENTRY,
              },
            ],
          },
        },
      },
      ['acc', 'ops'],
    );
    const section = await screen.findByRole('region', { name: 'Changed outside the console' });
    const table = await within(section).findByRole('table', { name: /changed outside the console/ });
    const cells = within(rowsOf(table)[0]!).getAllByRole('cell');
    expect(cells[0]!.textContent).toContain('2027-06-01 00:00:00 UTC');
    expect(cells[1]!.textContent).toContain('2027-01-15 09:00:00 UTC');
    expect(cells[2]!.textContent).toContain('by sam');
    expect(within(cells[2]!).getByRole('link').getAttribute('href')).toBe(`/audit?entry=${ENTRY}`);
    const ops = within(section).getByRole('region', { name: 'Account ops' });
    expect(await within(ops).findByText(/No fleet scan yet/)).toBeTruthy();
  });

  it('speaks Chinese in zh-CN: actions, outcomes, roles, relative time, counts, the chain, filter messages', async () => {
    await activateLocale('zh-CN');
    try {
      openPage('/audit?actor=sam');
      const table = await screen.findByRole('table', { name: /^审计事件，最新的在前，显示 2 条$/ });
      const [row, denial] = rowsOf(table);
      // A minute ago, in the date-fns Chinese wording.
      expect(within(row!).getByRole('rowheader').textContent).toContain('1 分钟前');
      const cells = within(row!).getAllByRole('cell');
      expect(cells[0]!.textContent).toBe('sam 技术支持');
      expect(cells[1]!.textContent).toBe('修改过期时间');
      expect(cells[3]!.textContent).toContain('修改前： 2026-11-26 14:30:00 UTC+01:00');
      expect(cells[5]!.textContent).toContain('已生效');
      expect(within(denial!).getByText('登录失败')).toBeTruthy();
      expect(within(denial!).getByText('未登录')).toBeTruthy();
      expect(screen.getByText('显示 2 条事件，最新的在前。')).toBeTruthy();
      expect(await screen.findByText('完整：已校验 41 行')).toBeTruthy();
      expect(screen.getByRole('search', { name: '筛选审计日志' })).toBeTruthy();
      expect((field('操作人') as HTMLInputElement).value).toBe('sam');
      expect(within(field('时间范围')).getByRole('option', { name: '最近 7 天' })).toBeTruthy();
      expect(within(field('结果')).getByRole('option', { name: '已驳回' })).toBeTruthy();
      cleanup();

      openPage('/audit?batch=not-a-batch&from=2000&to=1000');
      const batch = await screen.findByLabelText('批次 ID');
      expect(describedText(batch)).toContain('必须是审计日志中的 ID。');
      expect(screen.getByRole('alert').textContent).toContain('2 个筛选条件无效');
    } finally {
      await activateLocale('en');
    }
  });
});
