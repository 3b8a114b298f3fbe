// @vitest-environment happy-dom
/**
 * "Extend selected" beyond the BFF's limit, on the all-accounts board, against a fake BFF that keeps its
 * batches and validates every body and answer with the api-contract schemas (so a chunk of more than
 * MAX_BATCH_ITEMS items, or of two accounts, fails the test): 1,100 versions of one account and 3 of another
 * become four batches (accounts in severity order, the most severe row's first), previewed chunk by chunk; one chunk refused as a whole is reported while the others
 * go; one progress bar and one outcome list follow them all; one "retry" sends one retry per batch with
 * failed items. At 5,000 versions the preview and the outcome say their counts in words, list the versions
 * that need attention first and keep only the rows in view in the DOM.
 */
import {
  BatchCreatedSchema,
  BatchDryRunSchema,
  type BatchDryRun,
  BatchSchema,
  CreateBatchInputSchema,
  ErrorBodySchema,
  FleetExpirySchema,
  MAX_BATCH_ITEMS,
  RetryBatchInputSchema,
  type Batch,
  type BatchItemInput,
  type FleetItem,
} from '@csms-console/api-contract';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { adminPolicy } from '../../../testing/expiry-policies';
import { renderWithProviders } from '../../../testing/render';
import { FleetBoard } from './fleet-board';

const NOW = Date.UTC(2026, 11, 6, 12);
/** Reading and checking 1,103 versions (chunk by chunk, every answer parsed) takes a while in happy-dom. */
const SLOW = { timeout: 15_000 };
const DAY = 86_400_000;

const expired = (secret: string, i: number): FleetItem => ({
  secret,
  version: 'v1',
  stages: ['SYSCURRENT'],
  expire_time: NOW - (i + 1) * 60_000,
  secret_state: 'ENABLED',
  bucket: 'expired',
  notify: 'ok',
  console_notify: 'no_rule',
});

const FLEET: Record<string, FleetItem[]> = {
  prod: Array.from({ length: 1_100 }, (_, i) => expired(`p${i}`, i)),
  staging: Array.from({ length: 3 }, (_, i) => expired(`s${i}`, 2_000 + i)),
};
/** The first application of these fails (CSMS did not answer); a retry applies them. */
const FLAKY = new Set(['prod/p5', 'prod/p300', 'staging/s1']);

interface Call {
  method: string;
  path: string;
  body: unknown;
}

type DryRunItem = BatchDryRun['items'][number];
type Outcome = Batch['items'][number];

/**
 * The fake BFF over `fleet`. By default every dry-run item would apply, the second batch created is refused
 * as a whole and the FLAKY versions fail on their first application.
 */
function bff({
  fleet = FLEET,
  dryRun = (_account, i) => ({ secret: i.secret, version: i.version, status: 'would_apply' }),
  apply = (account, i, retry) =>
    !retry && FLAKY.has(`${account}/${i.secret}`)
      ? {
          secret: i.secret,
          version: i.version,
          status: 'failed',
          code: 'upstream_unavailable',
          message: 'CSMS did not answer.',
        }
      : { secret: i.secret, version: i.version, status: 'applied', expire_time: i.expire_time },
  refuseCreate = (n) => n === 2,
}: {
  fleet?: Record<string, FleetItem[]>;
  dryRun?: (account: string, item: BatchItemInput) => DryRunItem;
  apply?: (account: string, item: BatchItemInput, retry: boolean) => Outcome;
  /** The n-th batch created (from 1) is refused as a whole. */
  refuseCreate?: (n: number) => boolean;
} = {}) {
  const calls: Call[] = [];
  const batches = new Map<string, { account: string; batch: Batch }>();
  let creates = 0;
  const newId = () => `01JZ${String(batches.size + 1).padStart(22, '0')}`;
  const json = (body: unknown, status = 200) =>
    Promise.resolve(
      new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }),
    );
  const start = (account: string, items: BatchItemInput[], retry: boolean) => {
    const id = newId();
    const batch = BatchSchema.parse({
      id,
      state: 'done',
      total: items.length,
      done: items.length,
      items: items.map((i) => apply(account, i, retry)),
    });
    batches.set(id, { account, batch });
    return json(BatchCreatedSchema.parse({ id }), 202);
  };
  const fetch = vi.fn((path: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    const body: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    calls.push({ method, path, body });
    let m = /^\/api\/accounts\/([a-z]+)\/expiry\?within=all$/.exec(path);
    if (m && method === 'GET') {
      const items = fleet[m[1]!]!;
      return json(
        FleetExpirySchema.parse({
          complete: true,
          scanned_at: NOW,
          server_time: NOW,
          secrets_total: items.length,
          secrets_scanned: items.length,
          failed: [],
          listing_error: null,
          untold: 0,
          items,
        }),
      );
    }
    m = /^\/api\/accounts\/([a-z]+)\/expiry-batches\?dry_run=1$/.exec(path);
    if (m && method === 'POST') {
      const input = CreateBatchInputSchema.parse(body);
      const account = m[1]!;
      const known = new Set(fleet[account]!.map((i) => i.secret));
      expect(input.items.every((i) => known.has(i.secret))).toBe(true);
      return json(
        BatchDryRunSchema.parse({
          dry_run: true,
          total: input.items.length,
          items: input.items.map((i) => dryRun(account, i)),
        }),
      );
    }
    m = /^\/api\/accounts\/([a-z]+)\/expiry-batches$/.exec(path);
    if (m && method === 'POST') {
      const input = CreateBatchInputSchema.parse(body);
      creates += 1;
      if (refuseCreate(creates)) {
        return json(
          ErrorBodySchema.parse({
            error: { code: 'store_unavailable', message: 'The store did not answer.', requestId: 'req-2' },
          }),
          503,
        );
      }
      return start(m[1]!, input.items, false);
    }
    m = /^\/api\/accounts\/([a-z]+)\/expiry-batches\/([0-9A-Z]{26})\/retry$/.exec(path);
    if (m && method === 'POST') {
      RetryBatchInputSchema.parse(body);
      const from = batches.get(m[2]!)!;
      expect(from.account).toBe(m[1]);
      const failed = from.batch.items.filter((i) => i.status === 'failed');
      return start(
        m[1]!,
        failed.map((i) => ({
          secret: i.secret,
          version: i.version,
          expire_time: NOW + DAY,
          expected_expire_time: null,
        })),
        true,
      );
    }
    m = /^\/api\/accounts\/([a-z]+)\/expiry-batches\/([0-9A-Z]{26})$/.exec(path);
    if (m && method === 'GET') {
      const found = batches.get(m[2]!)!;
      expect(found.account).toBe(m[1]);
      return json(found.batch);
    }
    throw new Error(`unexpected ${method} ${path}`);
  });
  vi.stubGlobal('fetch', fetch);
  return { calls };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: NOW });
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('Extend selected beyond one batch', () => {
  it('sends 1,103 versions of two accounts as four batches, followed and retried as one', async () => {
    const { calls } = bff();
    const router = createMemoryRouter(
      [
        {
          path: '/fleet',
          element: <FleetBoard accounts={['prod', 'staging']} allAccounts policy={adminPolicy} />,
        },
      ],
      { initialEntries: ['/fleet'] },
    );
    const { user } = renderWithProviders(<RouterProvider router={router} />);
    await screen.findByRole('table', { name: /^Versions of every secret/ });
    await user.click(screen.getByRole('checkbox', { name: /Select all 1,103/ }));
    await user.click(screen.getByRole('button', { name: 'Extend selected' }));

    const dialog = screen.getByRole('dialog', { name: 'Extend 1,103 selected versions' });
    expect(within(dialog).getByText(/these are sent as 4 batches/)).toBeTruthy();
    await user.type(within(dialog).getByLabelText(/Reason/), 'INC-7');
    await user.click(within(dialog).getByRole('button', { name: 'Preview changes' }));
    await within(dialog).findByRole('table', { name: 'Preview: 1,103 of 1,103 will be extended' }, SLOW);

    const posts = (suffix: RegExp) => calls.filter((c) => c.method === 'POST' && suffix.test(c.path));
    const dryRuns = posts(/\?dry_run=1$/);
    expect(dryRuns.map((c) => [c.path, CreateBatchInputSchema.parse(c.body).items.length])).toEqual([
      ['/api/accounts/staging/expiry-batches?dry_run=1', 3],
      ['/api/accounts/prod/expiry-batches?dry_run=1', MAX_BATCH_ITEMS],
      ['/api/accounts/prod/expiry-batches?dry_run=1', MAX_BATCH_ITEMS],
      ['/api/accounts/prod/expiry-batches?dry_run=1', 100],
    ]);

    await user.click(within(dialog).getByRole('button', { name: 'Extend 1,103 versions' }));
    const outcome = await within(dialog).findByRole('table', { name: 'Outcome per version' }, SLOW);
    const creates = posts(/\/expiry-batches$/);
    expect(creates.map((c) => [c.path, CreateBatchInputSchema.parse(c.body).items.length])).toEqual([
      ['/api/accounts/staging/expiry-batches', 3],
      ['/api/accounts/prod/expiry-batches', MAX_BATCH_ITEMS],
      ['/api/accounts/prod/expiry-batches', MAX_BATCH_ITEMS],
      ['/api/accounts/prod/expiry-batches', 100],
    ]);
    // Every version sent once, with the reason; the refused chunk is said, with its account and count.
    const sent = creates.flatMap((c) => CreateBatchInputSchema.parse(c.body).items.map((i) => i.secret));
    expect(new Set(sent).size).toBe(1_103);
    expect(creates.every((c) => CreateBatchInputSchema.parse(c.body).reason === 'INC-7')).toBe(true);
    const refused = within(dialog)
      .getByText(/^500 versions of account prod were not sent/)
      .closest('[role="alert"]')!;
    // In the catalogue's words for the code, not the BFF's English message (kept for logs).
    expect(refused.textContent).toContain("The console's database cannot be reached right now.");
    expect(refused.textContent).not.toContain('The store did not answer.');

    // One progress bar and one list over the three started batches (3 + 500 + 100).
    await within(dialog).findByText('600 extended, 0 refused, 0 changed in CSMS, 3 failed.', undefined, SLOW);
    const bar = within(dialog).getByRole('progressbar');
    expect([bar.getAttribute('max'), bar.getAttribute('value')]).toEqual(['603', '603']);
    // Past VIRTUAL_FROM rows only those in view are in the DOM; the table still says how many there are.
    expect(outcome.getAttribute('aria-rowcount')).toBe('604');
    expect(within(outcome).getAllByRole('row').length).toBeLessThan(100);
    const flaky = within(outcome).getByRole('row', { name: /staging s1 v1/ }).textContent;
    expect(flaky).toContain('CSMS cannot be reached right now.');
    expect(flaky).not.toContain('CSMS did not answer.');

    // One action: one retry call per batch that has failed items (s1, p300 and p5 are in three batches).
    await user.click(within(dialog).getByRole('button', { name: 'Retry the failed ones (3)' }));
    await within(dialog).findByText('603 extended, 0 refused, 0 changed in CSMS, 0 failed.', undefined, SLOW);
    const retries = posts(/\/retry$/);
    expect(retries).toHaveLength(3);
    expect(new Set(retries.map((c) => c.path.split('/')[3]))).toEqual(new Set(['prod', 'staging']));
    expect(retries.every((c) => (c.body as { reason?: string }).reason === 'INC-7')).toBe(true);
    expect(within(outcome).getByRole('row', { name: /staging s1 v1/ }).textContent).toContain('Extended');
    expect(within(dialog).queryByRole('button', { name: /Retry the failed/ })).toBeNull();
  }, 60_000);
});

describe('Extend selected at scale', () => {
  it('summarises 5,000 versions, lists the ones that need attention first and renders only the rows in view', async () => {
    const index = (secret: string) => Number(secret.slice(1));
    const fleet = { prod: Array.from({ length: 5_000 }, (_, i) => expired(`x${i}`, i)) };
    // The dry run: 20 refused, 5 changed in CSMS, 1 not checked; the other 4,974 would apply.
    const verdict = (i: number): DryRunItem['status'] =>
      i % 250 === 7 ? 'refused' : i % 1_000 === 3 ? 'conflict' : i === 4_999 ? 'failed' : 'would_apply';
    // Sent: 10 fail, 5 changed in CSMS meanwhile, the other 4,959 are applied.
    const outcome = (i: number): Outcome['status'] =>
      i % 500 === 11 ? 'failed' : i % 1_000 === 503 ? 'conflict' : 'applied';
    const { calls } = bff({
      fleet,
      dryRun: (_account, { secret, version }) => {
        const status = verdict(index(secret));
        return status === 'would_apply'
          ? { secret, version, status }
          : { secret, version, status, code: 'not_eligible', message: `Not ${secret}.` };
      },
      apply: (_account, { secret, version, expire_time }) => {
        const status = outcome(index(secret));
        return status === 'applied'
          ? { secret, version, status, expire_time }
          : { secret, version, status, code: 'changed', message: `Not ${secret}.` };
      },
      refuseCreate: () => false,
    });
    const router = createMemoryRouter(
      [
        {
          path: '/accounts/:account/fleet',
          element: <FleetBoard accounts={['prod']} policy={adminPolicy} />,
        },
      ],
      { initialEntries: ['/accounts/prod/fleet'] },
    );
    const { user } = renderWithProviders(<RouterProvider router={router} />);
    await screen.findByRole('table', { name: /^Versions of every secret/ });
    await user.click(screen.getByRole('checkbox', { name: /Select all 5,000/ }));
    await user.click(screen.getByRole('button', { name: 'Extend selected' }));
    const dialog = screen.getByRole('dialog', { name: 'Extend 5,000 selected versions' });
    await user.type(within(dialog).getByLabelText(/Reason/), 'CHG-5');
    await user.click(within(dialog).getByRole('button', { name: 'Preview changes' }));
    const preview = await within(dialog).findByRole(
      'table',
      { name: 'Preview: 4,974 of 5,000 will be extended' },
      SLOW,
    );

    // The counts per verdict, in words, in a polite live region.
    const summary = within(dialog).getByText(
      'Preview: 4,974 will be extended, 20 refused, 5 changed in CSMS, 1 could not check.',
    );
    expect(summary.getAttribute('role')).toBe('status');

    // The order the versions were checked in (the board's), with the refused, conflicting and unchecked
    // ones moved first.
    const checked = calls
      .filter((c) => c.path.endsWith('?dry_run=1'))
      .flatMap((c) => CreateBatchInputSchema.parse(c.body).items.map((i) => index(i.secret)));
    expect(checked).toHaveLength(5_000);
    const needsAttention = checked.filter((i) => verdict(i) !== 'would_apply');
    expect(needsAttention).toHaveLength(26);
    const bodyRows = (table: HTMLElement) =>
      within(table)
        .getAllByRole('row')
        .filter((tr) => tr.parentElement?.tagName === 'TBODY');
    const shown = bodyRows(preview);
    // Virtualised: a few dozen rows in the DOM for 5,000 versions; the table still says how many it holds.
    expect(shown.length).toBeGreaterThan(5);
    expect(shown.length).toBeLessThan(60);
    expect(preview.getAttribute('aria-rowcount')).toBe('5001');
    expect(shown.map((tr) => tr.getAttribute('aria-rowindex'))).toEqual(shown.map((_, n) => String(n + 2)));
    expect(shown.map((tr) => index(within(tr).getByRole('rowheader').textContent.split(' ')[0]!))).toEqual(
      needsAttention.slice(0, shown.length),
    );
    const first = shown[0]!;
    expect(first.textContent).toContain(
      { refused: 'Refused', conflict: 'Changed in CSMS', failed: 'Could not check' }[
        verdict(needsAttention[0]!) as 'refused'
      ],
    );
    expect(within(dialog).getByText('The versions that will not be extended are listed first.')).toBeTruthy();
    // The scroll container is a named tab stop, so the keyboard can scroll it.
    const scroller = preview.closest('[tabindex="0"]')!;
    expect(scroller.getAttribute('aria-label')).toBe('Preview per version (scrollable)');
    // Scrolled to the end, the last rows replace the first ones.
    scroller.scrollTop = 5_000 * 40;
    fireEvent.scroll(scroller);
    await waitFor(() => expect(bodyRows(preview).at(-1)!.getAttribute('aria-rowindex')).toBe('5001'));
    expect(bodyRows(preview).length).toBeLessThan(60);
    expect(within(preview).queryByRole('row', { name: new RegExp(`^x${needsAttention[0]} `) })).toBeNull();

    await user.click(within(dialog).getByRole('button', { name: 'Extend 4,974 versions' }));
    const list = await within(dialog).findByRole('table', { name: 'Outcome per version' }, SLOW);
    await within(dialog).findByText(
      '4,959 extended, 0 refused, 5 changed in CSMS, 10 failed.',
      undefined,
      SLOW,
    );
    const sent = calls
      .filter((c) => c.method === 'POST' && c.path.endsWith('/expiry-batches'))
      .flatMap((c) => CreateBatchInputSchema.parse(c.body).items.map((i) => index(i.secret)));
    expect(sent).toHaveLength(4_974);
    const notApplied = sent.filter((i) => outcome(i) !== 'applied');
    expect(notApplied).toHaveLength(15);
    const outcomes = bodyRows(list);
    expect(outcomes.length).toBeLessThan(60);
    expect(list.getAttribute('aria-rowcount')).toBe('4975');
    expect(outcomes.map((tr) => index(within(tr).getByRole('rowheader').textContent.split(' ')[0]!))).toEqual(
      [...notApplied, ...sent.filter((i) => outcome(i) === 'applied')].slice(0, outcomes.length),
    );
    expect(within(dialog).getByRole('button', { name: 'Retry the failed ones (15)' })).toBeTruthy();
  }, 60_000);
});
