// @vitest-environment happy-dom
/**
 * "Extend selected" driven as support drives it, against a fetch that answers as the BFF does (every answer
 * parsed with its api-contract schema, every body sent parsed as the BFF parses it, a batch without a reason
 * refused as the BFF refuses it): the dry run marks the refused item before anything is sent, only the rest
 * is sent, the outcome shows per item, and the failed ones are retried in one action. With the policy's
 * `reason_required` the dialog asks for the reason at its field and sends nothing without one.
 */
import {
  BatchCreatedSchema,
  BatchDryRunSchema,
  BatchSchema,
  CreateBatchInputSchema,
  ErrorBodySchema,
  FleetExpirySchema,
  isReasonMissing,
  RetryBatchInputSchema,
  type CreateBatchInput,
  type ExpiryPolicy,
  type FleetItem,
} from '@csms-console/api-contract';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { supportPolicy } from '../../../testing/expiry-policies';
import { renderWithProviders } from '../../../testing/render';
import { PHONE_QUERY } from '../utils/use-phone-layout';
import { FleetBoard } from './fleet-board';

const NOW = Date.UTC(2026, 11, 6, 12);
const DAY = 86_400_000;
const BATCH_1 = '01JZ0000000000000000000001';
const BATCH_2 = '01JZ0000000000000000000002';

const ITEMS: FleetItem[] = [
  {
    secret: 'alpha',
    version: 'v2',
    stages: ['SYSCURRENT'],
    expire_time: NOW - DAY,
    secret_state: 'ENABLED',
    bucket: 'expired',
    notify: 'ok',
    console_notify: 'no_rule',
  },
  {
    secret: 'beta',
    version: 'v1',
    stages: ['SYSCURRENT'],
    expire_time: NOW - 2 * DAY,
    secret_state: 'ENABLED',
    bucket: 'expired',
    notify: 'ok',
    console_notify: 'no_rule',
  },
  {
    secret: 'gamma',
    version: 'v5',
    stages: ['SYSCURRENT'],
    expire_time: NOW - 3 * DAY,
    secret_state: 'FROZEN',
    bucket: 'expired',
    notify: 'ok',
    console_notify: 'no_rule',
  },
];

interface Sent {
  path: string;
  body: unknown;
}

/** The BFF's own configuration: `requireReason` is its REQUIRE_REASON, whatever the session said. */
function bff({ requireReason = true }: { requireReason?: boolean } = {}) {
  const sent: Sent[] = [];
  let status = 0;
  const json = (body: unknown, code = 200) =>
    Promise.resolve(
      new Response(JSON.stringify(body), { status: code, headers: { 'Content-Type': 'application/json' } }),
    );
  const fetch = vi.fn((path: string, init?: RequestInit) => {
    const body: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    if (init?.method === 'POST') sent.push({ path, body });
    if (path === '/api/accounts/acc/expiry?within=all') {
      return json(
        FleetExpirySchema.parse({
          complete: true,
          scanned_at: NOW,
          server_time: NOW,
          secrets_total: 3,
          secrets_scanned: 3,
          failed: [],
          listing_error: null,
          untold: 0,
          items: ITEMS,
        }),
      );
    }
    if (path === '/api/accounts/acc/expiry-batches?dry_run=1') {
      const input: CreateBatchInput = CreateBatchInputSchema.parse(body);
      return json(
        BatchDryRunSchema.parse({
          dry_run: true,
          total: input.items.length,
          items: input.items.map((i) =>
            i.secret === 'gamma'
              ? {
                  secret: i.secret,
                  version: i.version,
                  status: 'refused',
                  code: 'secret_frozen',
                  message: 'The secret is frozen.',
                }
              : { secret: i.secret, version: i.version, status: 'would_apply' },
          ),
        }),
      );
    }
    if (path === '/api/accounts/acc/expiry-batches') {
      const input = CreateBatchInputSchema.parse(body);
      if (isReasonMissing({ reason_required: requireReason }, input.reason)) {
        const message = 'A reason is required (REQUIRE_REASON is on).';
        return json(
          ErrorBodySchema.parse({ error: { code: 'reason_required', message, requestId: 'r' } }),
          422,
        );
      }
      return json(BatchCreatedSchema.parse({ id: BATCH_1 }), 202);
    }
    if (path === `/api/accounts/acc/expiry-batches/${BATCH_1}/retry`) {
      RetryBatchInputSchema.parse(body);
      return json(BatchCreatedSchema.parse({ id: BATCH_2 }), 202);
    }
    if (path === `/api/accounts/acc/expiry-batches/${BATCH_1}`) {
      status += 1;
      return json(
        BatchSchema.parse({
          id: BATCH_1,
          state: 'done',
          total: 2,
          done: 2,
          items: [
            {
              secret: 'alpha',
              version: 'v2',
              status: 'applied',
              expire_time: NOW + 90 * DAY,
              csms_request_id: 'r-1',
            },
            {
              secret: 'beta',
              version: 'v1',
              status: 'failed',
              code: 'upstream_unavailable',
              message: 'CSMS did not answer.',
            },
          ],
        }),
      );
    }
    if (path === `/api/accounts/acc/expiry-batches/${BATCH_2}`) {
      return json(
        BatchSchema.parse({
          id: BATCH_2,
          state: 'done',
          total: 1,
          done: 1,
          items: [{ secret: 'beta', version: 'v1', status: 'applied', expire_time: NOW + 90 * DAY }],
        }),
      );
    }
    throw new Error(`unexpected ${init?.method ?? 'GET'} ${path}`);
  });
  vi.stubGlobal('fetch', fetch);
  return { sent, statusReads: () => status };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: NOW });
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

async function openDialog(policy: ExpiryPolicy) {
  const router = createMemoryRouter(
    [{ path: '/accounts/:account/fleet', element: <FleetBoard accounts={['acc']} policy={policy} /> }],
    { initialEntries: ['/accounts/acc/fleet'] },
  );
  const { user } = renderWithProviders(<RouterProvider router={router} />);
  await screen.findByRole('table', { name: /^Versions of every secret/ });
  await user.click(screen.getByRole('checkbox', { name: /Select all 3/ }));
  await user.click(screen.getByRole('button', { name: 'Extend selected' }));
  return { user, dialog: screen.getByRole('dialog', { name: 'Extend 3 selected versions' }) };
}

describe('Extend selected', () => {
  it('previews, marks the refused item, sends the rest, shows each outcome and retries the failed one', async () => {
    const { sent } = bff();
    const router = createMemoryRouter(
      [
        {
          path: '/accounts/:account/fleet',
          element: <FleetBoard accounts={['acc']} policy={supportPolicy} />,
        },
      ],
      { initialEntries: ['/accounts/acc/fleet'] },
    );
    const { user } = renderWithProviders(<RouterProvider router={router} />);
    await screen.findByRole('table', { name: /^Versions of every secret/ });
    expect(screen.getByRole('button', { name: 'Extend selected' })).toHaveProperty('disabled', true);
    await user.click(screen.getByRole('checkbox', { name: /Select all 3/ }));
    await user.click(screen.getByRole('button', { name: 'Extend selected' }));

    const dialog = screen.getByRole('dialog', { name: 'Extend 3 selected versions' });
    await user.type(within(dialog).getByLabelText(/Reason/), 'INC-42 expired keys');
    await user.click(within(dialog).getByRole('radio', { name: '+90 days' }));
    await user.click(within(dialog).getByRole('button', { name: 'Preview changes' }));

    const preview = await within(dialog).findByRole('table', { name: /Preview: 2 of 3 will be extended/ });
    const gamma = within(preview).getByRole('row', { name: /gamma v5/ });
    expect(gamma.textContent).toContain('Refused');
    expect(gamma.textContent).toContain('The secret is frozen.');
    const dry = sent[0]!;
    const target = CreateBatchInputSchema.parse(dry.body).items[0]!.expire_time;
    expect(target).toBeLessThanOrEqual(NOW + supportPolicy.max_horizon_ms);
    expect(target).toBeGreaterThan(NOW + supportPolicy.max_horizon_ms - 1000);

    await user.click(within(dialog).getByRole('button', { name: 'Extend 2 versions' }));
    const outcome = await within(dialog).findByRole('table', { name: 'Outcome per version' });
    expect(sent[1]).toEqual({
      path: '/api/accounts/acc/expiry-batches',
      body: {
        reason: 'INC-42 expired keys',
        // In severity order: the longest expired first.
        items: [
          { secret: 'beta', version: 'v1', expire_time: target, expected_expire_time: NOW - 2 * DAY },
          { secret: 'alpha', version: 'v2', expire_time: target, expected_expire_time: NOW - DAY },
        ],
      },
    });
    expect(within(outcome).getByRole('row', { name: /alpha v2/ }).textContent).toContain('Extended');
    // A known error code reads in the catalogue's words; an unknown one (gamma's) keeps the BFF's message.
    expect(within(outcome).getByRole('row', { name: /beta v1/ }).textContent).toContain(
      'CSMS cannot be reached right now.',
    );
    expect(within(dialog).getByRole('progressbar')).toHaveProperty('value', 2);

    await user.click(within(dialog).getByRole('button', { name: 'Retry the failed ones (1)' }));
    // The retry's outcome replaces beta's failure in the one list; alpha's earlier outcome stays.
    await within(dialog).findByText('2 extended, 0 refused, 0 changed in CSMS, 0 failed.');
    expect(within(outcome).getByRole('row', { name: /beta v1/ }).textContent).toContain('Extended');
    expect(sent[2]).toEqual({
      path: `/api/accounts/acc/expiry-batches/${BATCH_1}/retry`,
      body: { reason: 'INC-42 expired keys' },
    });
    expect(within(dialog).queryByRole('button', { name: /Retry the failed/ })).toBeNull();
  });
});

describe('the reason (REQUIRE_REASON)', () => {
  it('previews without one, then asks for it at its field instead of sending; the preview stays', async () => {
    const { sent } = bff();
    const { user, dialog } = await openDialog(supportPolicy);
    const field = within(dialog).getByLabelText('Reason (required, kept in the audit log)');
    expect(field.getAttribute('aria-required')).toBe('true');

    // The preview comes first: the dry run needs no reason.
    await user.click(within(dialog).getByRole('button', { name: 'Preview changes' }));
    await within(dialog).findByRole('table', { name: /Preview: 2 of 3 will be extended/ });
    expect(sent).toHaveLength(1);
    expect(CreateBatchInputSchema.parse(sent[0]!.body).reason).toBeUndefined();

    // Spaces are no reason: nothing is sent, the field says why and has the focus.
    await user.type(field, '   ');
    await user.click(within(dialog).getByRole('button', { name: 'Extend 2 versions' }));
    expect(sent).toHaveLength(1);
    const message = within(dialog).getByText('Give a reason for this change; it is kept in the audit log.');
    expect(field.getAttribute('aria-describedby')).toContain(message.id);
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(field);

    // Typing it keeps the preview (the reason does not change it) and clears the message; it is sent trimmed.
    await user.type(field, 'CHG-7 renewals ');
    expect(within(dialog).queryByText(/Give a reason/)).toBeNull();
    await user.click(within(dialog).getByRole('button', { name: 'Extend 2 versions' }));
    await within(dialog).findByRole('table', { name: 'Outcome per version' });
    expect(sent).toHaveLength(2);
    expect(CreateBatchInputSchema.parse(sent[1]!.body).reason).toBe('CHG-7 renewals');
  });

  it("shows the BFF's 422 reason_required at the field, in the console's words, when the session did not ask for one", async () => {
    const { sent } = bff({ requireReason: true });
    const { user, dialog } = await openDialog({ ...supportPolicy, reason_required: false });
    const field = within(dialog).getByLabelText('Reason (optional, kept in the audit log)');
    expect(field.getAttribute('aria-required')).toBe('false');
    await user.click(within(dialog).getByRole('button', { name: 'Preview changes' }));
    await within(dialog).findByRole('table', { name: /Preview: 2 of 3 will be extended/ });
    await user.click(within(dialog).getByRole('button', { name: 'Extend 2 versions' }));

    const message = await within(dialog).findByText(
      'Give a reason for this change; it is kept in the audit log.',
    );
    expect(sent.map((s) => s.path)).toEqual([
      '/api/accounts/acc/expiry-batches?dry_run=1',
      '/api/accounts/acc/expiry-batches',
    ]);
    expect(field.getAttribute('aria-describedby')).toContain(message.id);
    expect(document.activeElement).toBe(field);
    expect(within(dialog).queryByText(/REQUIRE_REASON is on/)).toBeNull();
    expect(within(dialog).queryByText('The batch was not started')).toBeNull();

    await user.type(field, 'INC-9');
    await user.click(within(dialog).getByRole('button', { name: 'Extend 2 versions' }));
    await within(dialog).findByRole('table', { name: 'Outcome per version' });
    expect(CreateBatchInputSchema.parse(sent[2]!.body).reason).toBe('INC-9');
  });

  it('with REQUIRE_REASON off, the batch goes without one', async () => {
    const { sent } = bff({ requireReason: false });
    const { user, dialog } = await openDialog({ ...supportPolicy, reason_required: false });
    await user.click(within(dialog).getByRole('button', { name: 'Preview changes' }));
    await within(dialog).findByRole('table', { name: /Preview: 2 of 3 will be extended/ });
    await user.click(within(dialog).getByRole('button', { name: 'Extend 2 versions' }));
    await within(dialog).findByRole('table', { name: 'Outcome per version' });
    expect(CreateBatchInputSchema.parse(sent[1]!.body)).not.toHaveProperty('reason');
  });

  it('on a phone, shows the preview and the outcome as one card per version, each value named', async () => {
    bff();
    vi.spyOn(window, 'matchMedia').mockImplementation(
      (query: string) =>
        ({
          matches: query === PHONE_QUERY,
          media: query,
          addEventListener: () => undefined,
          removeEventListener: () => undefined,
        }) as unknown as MediaQueryList,
    );
    const router = createMemoryRouter(
      [
        {
          path: '/accounts/:account/fleet',
          element: <FleetBoard accounts={['acc']} policy={supportPolicy} />,
        },
      ],
      { initialEntries: ['/accounts/acc/fleet'] },
    );
    const { user } = renderWithProviders(<RouterProvider router={router} />);
    await screen.findByRole('list', { name: /^Versions of every secret/ });
    await user.click(screen.getByRole('checkbox', { name: 'Select all 3 shown versions' }));
    await user.click(screen.getByRole('button', { name: 'Extend selected' }));
    const dialog = screen.getByRole('dialog', { name: 'Extend 3 selected versions' });
    await user.type(within(dialog).getByLabelText(/Reason/), 'INC-43');
    await user.click(within(dialog).getByRole('button', { name: 'Preview changes' }));

    const preview = await within(dialog).findByRole('list', { name: 'Preview: 2 of 3 will be extended' });
    expect(within(dialog).queryByRole('table')).toBeNull();
    const cardOf = (list: HTMLElement, name: string) =>
      within(list)
        .getAllByRole('listitem')
        .find((li) => within(li).queryByRole('heading', { name }))!;
    const named = (card: HTMLElement) =>
      Object.fromEntries(
        within(card)
          .getAllByRole('term')
          .map((dt) => [dt.textContent, dt.nextElementSibling?.textContent]),
      );
    const gamma = named(cardOf(preview, 'gamma v5'));
    expect(Object.keys(gamma)).toEqual(['Before', 'After', 'Outcome']);
    expect(gamma.After).toBe('unchanged');
    expect(gamma.Outcome).toBe('RefusedThe secret is frozen.');
    expect(named(cardOf(preview, 'alpha v2')).Outcome).toBe('Will be extended');

    await user.click(within(dialog).getByRole('button', { name: 'Extend 2 versions' }));
    const outcome = await within(dialog).findByRole('list', { name: 'Outcome per version' });
    await waitFor(() => expect(named(cardOf(outcome, 'alpha v2')).Outcome).toMatch(/^Extended/));
  });
});
