// @vitest-environment happy-dom
/**
 * The change in hand survives the editor going away without being closed (the session ended and the user
 * signed in again, the language was switched): opened again for the same version, it comes back, step and
 * all. Saving or closing it is the end of it. The editor goes away here as it does when the app navigates
 * to sign in: unmounted, not closed.
 */
import { cleanup, waitFor } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { openExpiryEditor } from '../../../testing/expiry-editor';
import { saved } from '../../../testing/fake-bff';
import { BROWSER_ZONE, NOW, live, previous } from '../../../testing/secret-fixtures';

vi.setConfig({ testTimeout: 20_000 });

const DAY = 86_400_000;
const NEXT = Date.UTC(2027, 0, 31, 13, 30); // 14:30 in Berlin

let savedTz: string | undefined;
beforeAll(() => {
  savedTz = process.env.TZ;
  process.env.TZ = BROWSER_ZONE;
});
afterAll(() => {
  process.env.TZ = savedTz;
});
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
  sessionStorage.clear();
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

/** Types a change in the UTC zone: date, time and a reason. */
async function typeChange(editor: ReturnType<typeof openExpiryEditor>) {
  await editor.user.click(editor.ui.getByRole('radio', { name: 'UTC' }));
  await editor.typeWall('2027-01-31', '13:30');
  await editor.typeReason('CHG-7 after lunch');
}

/** The editor goes away without being closed (the page navigated); then it is opened again. */
function reopen(version = previous) {
  cleanup();
  vi.unstubAllGlobals();
  return openExpiryEditor(version);
}

describe('a draft', () => {
  it('comes back with date, time, zone and reason on the edit step, saying so', async () => {
    await typeChange(openExpiryEditor(previous));
    const again = reopen();
    expect(again.fields.date).toHaveProperty('value', '2027-01-31');
    expect(again.fields.time).toHaveProperty('value', '13:30');
    expect(again.ui.getByRole('radio', { name: 'UTC' })).toHaveProperty('checked', true);
    expect(again.reasonField()).toHaveProperty('value', 'CHG-7 after lunch');
    expect(again.ui.getByText('Your unsaved change is back. Check it, then continue.')).toBeTruthy();

    // Another version's editor starts clean.
    const other = reopen(live);
    expect(other.reasonField()).toHaveProperty('value', '');
    expect(other.ui.queryByText(/unsaved change/)).toBeNull();
  });

  it('left on the review step reopens the review, and saving it clears it', async () => {
    const editor = openExpiryEditor(previous);
    await typeChange(editor);
    await editor.user.click(editor.ui.getByRole('button', { name: 'Review change' }));
    await editor.ui.findByRole('heading', { name: 'Review the change to v4' });

    const again = reopen();
    await again.ui.findByRole('heading', { name: 'Review the change to v4' });
    expect(again.ui.getByText('CHG-7 after lunch')).toBeTruthy();
    again.bff.answerNextPut(saved({ version: { ...previous, expire_time: NEXT }, audit_id: 'aud-d1' }));
    await again.user.click(again.ui.getByRole('button', { name: 'Save' }));
    await again.ui.findByText(/^Saved: CSMS now stores this expiry for v4/);
    expect(again.bff.puts).toEqual([
      expect.objectContaining({
        body: { expire_time: NEXT, expected_expire_time: previous.expire_time, reason: 'CHG-7 after lunch' },
      }),
    ]);

    const fresh = reopen();
    expect(fresh.ui.queryByText(/unsaved change/)).toBeNull();
    expect(fresh.reasonField()).toHaveProperty('value', '');
  });

  it('is gone once the editor is cancelled or closed with Escape', async () => {
    const editor = openExpiryEditor(previous);
    await typeChange(editor);
    await editor.user.click(editor.ui.getByRole('button', { name: 'Cancel' }));
    expect(editor.onClose).toHaveBeenCalledTimes(1);
    expect(reopen().reasonField()).toHaveProperty('value', '');

    const second = reopen();
    await typeChange(second);
    second.dialog.dispatchEvent(new Event('cancel', { cancelable: true })); // what Escape fires
    expect(second.onClose).toHaveBeenCalledTimes(1);
    expect(reopen().ui.queryByText(/unsaved change/)).toBeNull();
  });

  it('nothing typed, nothing kept', () => {
    openExpiryEditor(previous);
    const again = reopen();
    expect(again.ui.queryByText(/unsaved change/)).toBeNull();
    expect(sessionStorage.length).toBe(0);
  });

  it('when the expiry changed meanwhile: restored on the edit step, saying from what to what, and compared with the new value', async () => {
    await typeChange(openExpiryEditor(previous));
    const theirs = NOW + 5 * DAY;
    const again = reopen({ ...previous, expire_time: theirs });
    expect(again.fields.time).toHaveProperty('value', '13:30');
    expect(
      again.ui.getByText(
        'Your unsaved change is back, but the expiry changed in the meantime: it was 2026-11-26 13:30:00 UTC ' +
          'and is 2026-11-28 13:30:00 UTC now. Check the new expiry, then review.',
      ),
    ).toBeTruthy();
    await again.user.click(again.ui.getByRole('button', { name: 'Review change' }));
    await again.ui.findByRole('heading', { name: 'Review the change to v4' });
    again.bff.answerNextPut(saved({ version: { ...previous, expire_time: NEXT }, audit_id: 'aud-d2' }));
    await again.user.click(again.ui.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(again.bff.puts).toHaveLength(1));
    expect(again.bff.puts[0]?.body.expected_expire_time).toBe(theirs);
  });

  it('keeps no secret value: only what the editor shows', async () => {
    await typeChange(openExpiryEditor(previous));
    const [key] = Object.keys(sessionStorage);
    expect(key).toBe('csms-console.expiry-draft/u1/acc/db-password/v4');
    expect(Object.keys(JSON.parse(sessionStorage.getItem(key!) ?? '{}') as object).sort()).toEqual([
      'date',
      'expected',
      'gap',
      'pick',
      'reason',
      'savedAt',
      'step',
      'time',
      'zone',
    ]);
  });
});
