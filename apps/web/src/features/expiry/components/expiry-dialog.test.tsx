// @vitest-environment happy-dom
/**
 * The expiry editor driven as a person drives it: by the labels and roles they see, through its steps (edit,
 * review, saved / conflict / failure), against a fake BFF at the fetch boundary. Bounds come from the role's
 * policy and api-contract's constants, not from numbers of this file.
 */
import { CONFIRMATION_WINDOW_MS, type ExpiryPolicy, type Version } from '@csms-console/api-contract';
import { cleanup, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { openExpiryEditor } from '../../../testing/expiry-editor';
import { failure, saved, type FakeBff } from '../../../testing/fake-bff';
import { adminPolicy, supportPolicy } from '../../../testing/expiry-policies';
import {
  ACCOUNT,
  BROWSER_ZONE,
  NOW,
  SECRET,
  live,
  previous,
  utcDate,
  utcText,
  utcTime,
} from '../../../testing/secret-fixtures';

const DAY = 86_400_000;
const ZONE = BROWSER_ZONE;

/** A field problem as read aloud: its ⚠ is decoration (aria-hidden). */
const problemText = (element: HTMLElement | null) => element?.textContent?.replace(/^⚠ /, '') ?? null;

// Typing whole dates key by key, on a shared two-core machine, can take seconds.
vi.setConfig({ testTimeout: 20_000 });

let bff: FakeBff;
let savedTz: string | undefined;

beforeAll(() => {
  savedTz = process.env.TZ;
  process.env.TZ = ZONE; // the browser's zone
});
afterAll(() => {
  process.env.TZ = savedTz;
});
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] }); // only the clock: timers stay real for React and user-event
  vi.setSystemTime(NOW);
  localStorage.clear();
  sessionStorage.clear(); // no editor draft from an earlier test
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

function openEditor(version: Version, policy: ExpiryPolicy = adminPolicy) {
  const view = openExpiryEditor(version, { policy });
  bff = view.bff;
  return view;
}

describe('edit step', () => {
  it('starts from the current expiry and previews what the typed date and time mean, to the request body', async () => {
    const { ui, fields, user } = openEditor(previous);
    expect(fields.date).toHaveProperty('value', '2026-11-26'); // v4 expires in 3 days, 14:30 in Berlin
    expect(fields.time).toHaveProperty('value', '14:30:00');
    expect(ui.getByRole('radio', { name: `Local (${ZONE})` })).toHaveProperty('checked', true);

    await user.clear(fields.date);
    await user.type(fields.date, '2027-01-31');
    await user.clear(fields.time);
    await user.type(fields.time, '14:30');

    const expected = Date.UTC(2027, 0, 31, 13, 30, 0);
    const preview = ui.getByRole('region', { name: 'Preview' });
    expect(within(preview).getByRole('figure', { name: 'CSMS request body' }).textContent).toContain(
      `{"expire_time":${expected}}`,
    );
    expect(preview.textContent).toContain('2027-01-31 14:30:00 UTC+01:00');
    expect(preview.textContent).toContain(utcText(expected));

    // The same instant, written in UTC once the editor shows UTC.
    await user.click(ui.getByRole('radio', { name: 'UTC' }));
    expect(fields.date).toHaveProperty('value', '2027-01-31');
    expect(fields.time).toHaveProperty('value', '13:30:00');
  });

  it('says in the field when the typed date or time is not one', async () => {
    const { ui, fields, user } = openEditor(previous);
    await user.clear(fields.date);
    await user.type(fields.date, '2027-02-30');
    expect(fields.date.getAttribute('aria-invalid')).toBe('true');
    const described = fields.date.getAttribute('aria-describedby') ?? '';
    expect(described.split(' ').map((id) => document.getElementById(id)?.textContent)).toContainEqual(
      expect.stringMatching(/February 2027 has 28 days/),
    );
    await user.click(ui.getByRole('button', { name: 'Review change' }));
    expect(ui.queryByRole('heading', { name: /Review the change/ })).toBeNull();
  });

  it('offers presets as buttons, each disabled with its reason when the role or the data rule it out', async () => {
    const admin = openEditor(live);
    const same = admin.ui.getByRole('button', { name: 'Same as SYSCURRENT' });
    expect(same).toHaveProperty('disabled', true);
    expect(admin.ui.getByText('Same as SYSCURRENT: This version is SYSCURRENT itself.')).toBeTruthy();
    const plus30 = admin.ui.getByRole('button', { name: '+30 days' });
    expect(plus30).toHaveProperty('disabled', false);
    await admin.user.click(plus30);
    expect(admin.fields.date).toHaveProperty('value', '2026-12-23');
    expect(admin.fields.time).toHaveProperty('value', '14:30:00');
    cleanup();

    // Support (90 days ahead at most) on v4, which expires within its window.
    const support = openEditor(previous, supportPolicy);
    expect(support.ui.getByRole('button', { name: '+90 days' })).toHaveProperty('disabled', false);
    expect(support.ui.getByRole('button', { name: '+1 year' })).toHaveProperty('disabled', true);
    expect(support.ui.getByText(/^\+1 year: Your role can set at most 90 days ahead/)).toBeTruthy();
    expect(support.ui.getByRole('button', { name: 'Same as SYSCURRENT' })).toHaveProperty('disabled', false);
  });

  it('admin: refuses the earliest bound and one second past the horizon, accepts one second inside each', async () => {
    const { ui, fields, typeUtc } = openEditor(previous);
    const earliest = NOW + adminPolicy.min_lead_ms;
    const latest = NOW + adminPolicy.max_horizon_ms;
    const problems = () => problemText(ui.queryByText(/^Pick a time after|^Your role can set at most/));

    await typeUtc(earliest);
    expect(problems()).toBe(`Pick a time after ${utcText(earliest)} (more than 5 minutes from now).`);
    expect(fields.date.getAttribute('aria-invalid')).toBe('true');
    await typeUtc(earliest + 1000);
    expect(problems()).toBeNull();
    expect(fields.date.getAttribute('aria-invalid')).toBeNull();

    await typeUtc(latest);
    expect(problems()).toBeNull();
    await typeUtc(latest + 1000);
    expect(problems()).toBe(`Your role can set at most 1,095 days ahead: until ${utcText(latest)}.`);
  });

  it('support: only later than the current expiry, at most its horizon ahead', async () => {
    const { ui, typeUtc, typeReason, user } = openEditor(previous, supportPolicy);
    const current = previous.expire_time!;
    const latest = NOW + supportPolicy.max_horizon_ms;
    const problems = () => problemText(ui.queryByText(/^Pick a time after|^Your role can set at most/));

    await typeUtc(current);
    expect(problems()).toBe(
      `Pick a time after the current expiry, ${utcText(current)}: your role can only move an expiry later.`,
    );
    await typeUtc(current + 1000);
    expect(problems()).toBeNull();
    await typeUtc(latest + 1000);
    expect(problems()).toBe(`Your role can set at most 90 days ahead: until ${utcText(latest)}.`);
    await typeUtc(latest);
    await typeReason();
    await user.click(ui.getByRole('button', { name: 'Review change' }));
    expect(await ui.findByRole('heading', { name: 'Review the change to v4' })).toBeTruthy();
  });

  it('support: a version outside the window cannot be edited, and the editor says why', () => {
    const { ui } = openEditor(live, supportPolicy); // expires in 30 days, the window is 7
    expect(ui.getByText('This expiry cannot be changed here')).toBeTruthy();
    expect(
      ui.getByText(
        'This version expires in 30 days; your role can only change versions that are expired or expire within 7 days.',
      ),
    ).toBeTruthy();
    expect(ui.queryByRole('textbox', { name: 'Date' })).toBeNull();
  });
});

describe('review step', () => {
  it('shows before -> after and saves a version that is not live without asking for the name', async () => {
    const { ui, typeUtc, user, refreshed } = openEditor(previous);
    const next = Date.UTC(2027, 0, 31, 13, 30, 0);
    await typeUtc(next);
    await user.type(ui.getByRole('textbox', { name: /^Reason/ }), 'ticket 42');
    await user.click(ui.getByRole('button', { name: 'Review change' }));

    expect(await ui.findByRole('heading', { name: 'Review the change to v4' })).toBeTruthy();
    expect(
      ui.getByText(`${utcText(previous.expire_time!)}`, { selector: '.before-after span' }),
    ).toBeTruthy();
    expect(ui.getByText(utcText(next), { selector: '.before-after span' })).toBeTruthy();
    expect(ui.getByText('ticket 42')).toBeTruthy();
    expect(ui.queryByRole('textbox', { name: /to confirm/ })).toBeNull();

    bff.answerNextPut(saved({ version: { ...previous, expire_time: next }, audit_id: 'aud-7' }));
    await user.click(ui.getByRole('button', { name: 'Save' }));

    const status = await ui.findByText(/^Saved: CSMS now stores this expiry for v4/);
    expect(status).toBeTruthy();
    expect(ui.getByRole('link', { name: 'aud-7' }).getAttribute('href')).toBe('/audit?entry=aud-7');
    expect(bff.puts).toEqual([
      {
        path: `/api/accounts/${ACCOUNT}/secrets/${SECRET}/versions/v4`,
        body: { expire_time: next, expected_expire_time: previous.expire_time, reason: 'ticket 42' },
      },
    ]);
    await waitFor(() => expect(refreshed()).toBe(true));
  });

  it('pulling SYSCURRENT under 7 days: Save waits for the exact secret name, which is sent as confirm', async () => {
    const { ui, typeUtc, typeReason, user } = openEditor(live);
    const pulled = NOW + CONFIRMATION_WINDOW_MS - 1000;
    await typeUtc(pulled);
    await typeReason();
    await user.click(ui.getByRole('button', { name: 'Review change' }));
    await ui.findByRole('heading', { name: 'Review the change to v5' });

    expect(ui.getByText('This shortens the live version')).toBeTruthy();
    const confirm = ui.getByRole('textbox', { name: `Type ${SECRET} to confirm` });
    const save = ui.getByRole('button', { name: 'Save' });
    expect(save).toHaveProperty('disabled', true);
    await user.type(confirm, SECRET.slice(0, -1));
    expect(save).toHaveProperty('disabled', true);
    expect(confirm.getAttribute('aria-invalid')).toBe('true');
    await user.type(confirm, SECRET.slice(-1));
    expect(save).toHaveProperty('disabled', false);
    expect(ui.getByText('The name matches: Save is enabled.')).toBeTruthy();

    bff.answerNextPut(saved({ version: { ...live, expire_time: pulled }, audit_id: 'aud-8' }));
    await user.click(save);
    await ui.findByText(/^Saved: CSMS now stores this expiry for v5/);
    expect(bff.puts[0]?.body).toEqual({
      expire_time: pulled,
      expected_expire_time: live.expire_time,
      reason: 'CHG-1 renewal',
      confirm: SECRET,
    });
  });

  it('at exactly 7 days ahead the live version is not pulled: no name asked', async () => {
    const { ui, typeUtc, typeReason, user } = openEditor(live);
    await typeUtc(NOW + CONFIRMATION_WINDOW_MS);
    await typeReason();
    await user.click(ui.getByRole('button', { name: 'Review change' }));
    await ui.findByRole('heading', { name: 'Review the change to v5' });
    expect(ui.queryByRole('textbox', { name: /to confirm/ })).toBeNull();
    expect(ui.getByRole('button', { name: 'Save' })).toHaveProperty('disabled', false);
  });

  it('a 422 confirmation_required asks for the name in place, keeping the change', async () => {
    const { ui, typeUtc, typeReason, user } = openEditor(previous);
    const next = NOW + 2 * DAY;
    await typeUtc(next);
    await typeReason();
    await user.click(ui.getByRole('button', { name: 'Review change' }));
    await ui.findByRole('heading', { name: 'Review the change to v4' });
    bff.answerNextPut(
      failure(422, 'confirmation_required', 'Type the secret name to confirm shortening the live version.'),
    );
    await user.click(ui.getByRole('button', { name: 'Save' }));

    const confirm = await ui.findByRole('textbox', { name: `Type ${SECRET} to confirm` });
    await waitFor(() => expect(document.activeElement).toBe(confirm));
    expect(ui.getByRole('button', { name: 'Save' })).toHaveProperty('disabled', true);
    await user.type(confirm, SECRET);
    bff.answerNextPut(saved({ version: { ...previous, expire_time: next }, audit_id: 'aud-9' }));
    await user.click(ui.getByRole('button', { name: 'Save' }));
    await ui.findByText(/^Saved: CSMS now stores this expiry for v4/);
    expect(bff.puts.map((p) => p.body.confirm)).toEqual([undefined, SECRET]);
  });
});

describe('outcomes', () => {
  it('409: shows the value CSMS holds now; retrying starts from it and keeps what was typed', async () => {
    const { ui, typeUtc, typeReason, user, refreshed } = openEditor(previous);
    const mine = Date.UTC(2027, 0, 31, 13, 30, 0);
    const theirs = NOW + 5 * DAY + 17_000;
    await typeUtc(mine);
    await typeReason();
    await user.click(ui.getByRole('button', { name: 'Review change' }));
    await ui.findByRole('heading', { name: 'Review the change to v4' });
    bff.answerNextPut(
      failure(409, 'expire_time_changed', 'The expiry changed since you opened it.', {
        current_expire_time: theirs,
      }),
    );
    await user.click(ui.getByRole('button', { name: 'Save' }));

    const alert = await ui.findByRole('alert');
    expect(alert.textContent).toContain('Someone changed this expiry in the meantime');
    expect(alert.textContent).toContain(utcText(theirs));
    await waitFor(() => expect(refreshed()).toBe(true));

    await user.click(ui.getByRole('button', { name: 'Retry from the new value' }));
    expect(ui.getByText(/^Starting again from the current value, /).textContent).toContain(utcText(theirs));
    const date = ui.getByRole('textbox', { name: 'Date' });
    expect(date).toHaveProperty('value', utcDate(mine));
    expect(ui.getByRole('textbox', { name: 'Time' })).toHaveProperty('value', utcTime(mine));

    await user.click(ui.getByRole('button', { name: 'Review change' }));
    await ui.findByRole('heading', { name: 'Review the change to v4' });
    bff.answerNextPut(saved({ version: { ...previous, expire_time: mine }, audit_id: 'aud-10' }));
    await user.click(ui.getByRole('button', { name: 'Save' }));
    await ui.findByText(/^Saved: CSMS now stores this expiry for v4/);
    expect(bff.puts.map((p) => p.body.expected_expire_time)).toEqual([previous.expire_time, theirs]);
  });

  it.each([
    // A 429's own sentence would name a stale wait: the notice leaves it out.
    [429, 'rate_limited', 'The server asked us to slow down', null],
    [
      503,
      'upstream_unavailable',
      'The server is temporarily unavailable',
      'CSMS cannot be reached right now.',
    ],
  ] as const)('%i: not saved, nothing resent, the input kept', async (status, code, reason, said) => {
    const { ui, typeUtc, typeReason, user, refreshed } = openEditor(previous);
    const next = Date.UTC(2027, 0, 31, 13, 30, 0);
    await typeUtc(next);
    await typeReason();
    await user.click(ui.getByRole('button', { name: 'Review change' }));
    await ui.findByRole('heading', { name: 'Review the change to v4' });
    bff.answerNextPut(failure(status, code, 'Try again shortly.', undefined, { 'Retry-After': '7' }));
    await user.click(ui.getByRole('button', { name: 'Save' }));

    const notice = await ui.findByText('The change was not saved');
    const noticeText = notice.closest('.retry-notice')?.textContent ?? '';
    expect(noticeText).toContain(reason);
    // The code's sentence from the catalogue, never the BFF's own (English, for logs) message.
    if (said !== null) expect(noticeText).toContain(said);
    expect(noticeText).not.toContain('Try again shortly.');
    expect(ui.getByRole('heading', { name: 'Review the change to v4' })).toBeTruthy();
    expect(ui.getByRole('button', { name: 'Save' })).toHaveProperty('disabled', false);
    expect(bff.puts).toHaveLength(1);
    expect(refreshed()).toBe(false); // a 429/503 changed nothing: no extra read

    await user.click(ui.getByRole('button', { name: 'Back to edit' }));
    expect(ui.getByRole('textbox', { name: 'Date' })).toHaveProperty('value', utcDate(next));
    expect(ui.getByRole('textbox', { name: 'Time' })).toHaveProperty('value', utcTime(next));
    expect(bff.puts).toHaveLength(1);
  });
});

describe('the reason (REQUIRE_REASON)', () => {
  it('is marked required; Review without one (or with spaces) says so at the field and moves focus there', async () => {
    const { ui, typeUtc, user, reasonField } = openEditor(previous);
    const field = ui.getByRole('textbox', { name: 'Reason (required)' });
    expect(field.getAttribute('aria-required')).toBe('true');
    await typeUtc(Date.UTC(2027, 0, 31, 13, 30, 0));
    await user.type(field, '   ');
    await user.click(ui.getByRole('button', { name: 'Review change' }));

    const message = await ui.findByText('Give a reason for this change; it is kept in the audit log.');
    await waitFor(() => expect(document.activeElement).toBe(reasonField()));
    expect(reasonField().getAttribute('aria-invalid')).toBe('true');
    expect(reasonField().getAttribute('aria-describedby')).toContain(message.id);
    expect(ui.queryByRole('heading', { name: /Review the change/ })).toBeNull();
    expect(bff.puts).toEqual([]);

    // Typed, the message goes; the reason is reviewed and sent trimmed.
    await user.type(reasonField(), 'INC-77 ');
    await waitFor(() => expect(ui.queryByText(/^Give a reason/)).toBeNull());
    await user.click(ui.getByRole('button', { name: 'Review change' }));
    await ui.findByRole('heading', { name: 'Review the change to v4' });
    expect(ui.getByText('INC-77')).toBeTruthy();
    bff.answerNextPut(saved({ version: previous, audit_id: 'aud-11' }));
    await user.click(ui.getByRole('button', { name: 'Save' }));
    await ui.findByText(/^Saved: CSMS now stores this expiry for v4/);
    expect(bff.puts.map((p) => p.body.reason)).toEqual(['INC-77']);
  });

  it("with the policy's reason_required off it is optional; a 422 reason_required is shown at the field", async () => {
    const { ui, typeUtc, user, reasonField } = openEditor(previous, {
      ...adminPolicy,
      reason_required: false,
    });
    expect(reasonField().getAttribute('aria-required')).toBe('false');
    expect(ui.getByRole('textbox', { name: 'Reason (optional)' })).toBeTruthy();
    await typeUtc(Date.UTC(2027, 0, 31, 13, 30, 0));
    await user.click(ui.getByRole('button', { name: 'Review change' }));
    await ui.findByRole('heading', { name: 'Review the change to v4' });
    // The BFF's REQUIRE_REASON is on although the session said otherwise (the setting changed).
    bff.answerNextPut(
      failure(422, 'reason_required', 'Give a reason for this change; it is kept in the audit log.'),
    );
    await user.click(ui.getByRole('button', { name: 'Save' }));

    const message = await ui.findByText('Give a reason for this change; it is kept in the audit log.');
    await waitFor(() => expect(document.activeElement).toBe(reasonField()));
    expect(reasonField().getAttribute('aria-describedby')).toContain(message.id);
    expect(ui.queryByText('The change was not saved')).toBeNull();

    await user.type(reasonField(), 'CHG-12');
    await user.click(ui.getByRole('button', { name: 'Review change' }));
    await ui.findByRole('heading', { name: 'Review the change to v4' });
    bff.answerNextPut(saved({ version: previous, audit_id: 'aud-12' }));
    await user.click(ui.getByRole('button', { name: 'Save' }));
    await ui.findByText(/^Saved: CSMS now stores this expiry for v4/);
    expect(bff.puts.map((p) => p.body.reason)).toEqual([undefined, 'CHG-12']);
  });
});
