// @vitest-environment happy-dom
/**
 * Daylight-saving changes in the editor, in the browser's zone (Berlin): a wall time that happens twice
 * offers both instants and takes neither until the user picks; a wall time that does not exist moves the
 * fields to the time it becomes, and the note stays to the review. What is sent is checked at the fetch
 * boundary; the instants are written here with Date.UTC, not computed by the code under test.
 */
import { cleanup, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { openExpiryEditor } from '../../../testing/expiry-editor';
import { saved } from '../../../testing/fake-bff';
import { BROWSER_ZONE, NOW, previous } from '../../../testing/secret-fixtures';

vi.setConfig({ testTimeout: 20_000 });

// Berlin goes back on 2027-10-31 at 03:00 CEST (to 02:00 CET), and forward on 2027-03-28 at 02:00 CET.
const FIRST = Date.UTC(2027, 9, 31, 0, 30); // 02:30 CEST, UTC+02:00
const SECOND = Date.UTC(2027, 9, 31, 1, 30); // 02:30 CET, UTC+01:00
const MOVED = Date.UTC(2027, 2, 28, 1, 30); // 02:30 does not exist; 03:30 CEST

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

function requestedExpireTime(root: HTMLElement): number | null {
  const figure = within(root).queryByRole('figure', { name: 'CSMS request body' });
  if (!figure) return null;
  return (JSON.parse(figure.querySelector('code')?.textContent ?? 'null') as { expire_time: number })
    .expire_time;
}

describe('a wall time that happens twice', () => {
  it('offers both instants with their offsets and takes neither until one is picked', async () => {
    const { ui, user, typeWall, typeReason, bff } = openEditor();
    await typeWall('2027-10-31', '02:30');
    const choice = ui.getByRole('group', {
      name: '02:30 happens twice on 2027-10-31 in Europe/Berlin (the clocks go back). Which one do you mean?',
    });
    const first = within(choice).getByRole('radio', { name: /^02:30:00 UTC\+02:00 \(first\)/ });
    const second = within(choice).getByRole('radio', { name: /^02:30:00 UTC\+01:00 \(second\)/ });
    expect(first.closest('label')?.textContent).toContain('2027-10-31 00:30:00 UTC');
    expect(second.closest('label')?.textContent).toContain('2027-10-31 01:30:00 UTC');
    expect([first, second].map((r) => (r as HTMLInputElement).checked)).toEqual([false, false]);
    const preview = ui.getByRole('region', { name: 'Preview' });
    expect(preview.textContent).toContain('02:30 happens twice: choose one to see the new expiry.');
    expect(requestedExpireTime(preview)).toBeNull();

    // Review without a pick: refused at the choice, which gets the focus.
    await typeReason();
    await user.click(ui.getByRole('button', { name: 'Review change' }));
    expect(await ui.findByText('Choose which of the two you mean.')).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(first));
    expect(ui.queryByRole('heading', { name: /Review the change/ })).toBeNull();
    expect(bff.puts).toEqual([]);
  });

  it.each([
    ['first', FIRST, '2027-10-31 02:30:00 UTC+02:00'],
    ['second', SECOND, '2027-10-31 02:30:00 UTC+01:00'],
  ] as const)(
    'the %s one picked is previewed, reviewed with its offset and sent',
    async (which, ms, shown) => {
      const { ui, user, typeWall, typeReason, bff } = openEditor();
      await typeWall('2027-10-31', '02:30');
      await user.click(ui.getByRole('radio', { name: new RegExp(`\\(${which}\\)`) }));
      const preview = ui.getByRole('region', { name: 'Preview' });
      expect(requestedExpireTime(preview)).toBe(ms);
      expect(preview.textContent).toContain(shown);

      await typeReason();
      await user.click(ui.getByRole('button', { name: 'Review change' }));
      await ui.findByRole('heading', { name: 'Review the change to v4' });
      expect(ui.getByText(shown, { selector: '.before-after span' })).toBeTruthy();
      const utc = new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
      expect(ui.getByText(/happens twice/).textContent).toBe(
        `02:30:00 happens twice on 2027-10-31 in Europe/Berlin (the clocks go back); you chose the ${which}: ` +
          `${shown} (${utc} UTC).`,
      );

      // Back to edit keeps the pick.
      await user.click(ui.getByRole('button', { name: 'Back to edit' }));
      expect(ui.getByRole('radio', { name: new RegExp(`\\(${which}\\)`) })).toHaveProperty('checked', true);
      await user.click(ui.getByRole('button', { name: 'Review change' }));
      await ui.findByRole('heading', { name: 'Review the change to v4' });
      bff.answerNextPut(saved({ version: { ...previous, expire_time: ms }, audit_id: 'aud-dst' }));
      await user.click(ui.getByRole('button', { name: 'Save' }));
      await ui.findByText(/^Saved: CSMS now stores this expiry for v4/);
      expect(bff.puts.map((p) => p.body.expire_time)).toEqual([ms]);
    },
  );

  it('a new time asks again; switching to UTC writes the picked instant out', async () => {
    const { ui, user, fields, typeWall } = openEditor();
    await typeWall('2027-10-31', '02:30');
    await user.click(ui.getByRole('radio', { name: /\(second\)/ }));
    await user.clear(fields.time);
    await user.type(fields.time, '02:45');
    expect(ui.getByRole('radio', { name: /^02:45:00 UTC\+01:00 \(second\)/ })).toHaveProperty(
      'checked',
      false,
    );
    await user.click(ui.getByRole('radio', { name: /^02:45:00 UTC\+01:00 \(second\)/ }));
    await user.click(ui.getByRole('radio', { name: 'UTC' }));
    expect(fields.date).toHaveProperty('value', '2027-10-31');
    expect(fields.time).toHaveProperty('value', '01:45:00');
    expect(ui.queryByRole('group', { name: /happens twice/ })).toBeNull();
  });
});

describe('a wall time that does not exist', () => {
  it('the fields follow the preview once the user moves on, and the note stays to the review', async () => {
    const { ui, user, fields, typeWall, typeReason, bff } = openEditor();
    await typeWall('2027-03-28', '02:30');
    // While typing, the fields keep what was typed; the hint says how it is read.
    expect(fields.time).toHaveProperty('value', '02:30');
    expect(ui.getByText(/does not exist/).textContent).toBe(
      '02:30 does not exist on 2027-03-28 in Europe/Berlin (the clocks jump forward), so it is read as ' +
        '2027-03-28 03:30:00 UTC+02:00.',
    );
    const preview = ui.getByRole('region', { name: 'Preview' });
    expect(requestedExpireTime(preview)).toBe(MOVED);

    await user.tab(); // leaves Time
    expect(fields.date).toHaveProperty('value', '2027-03-28');
    expect(fields.time).toHaveProperty('value', '03:30:00');
    const note =
      '02:30 does not exist on 2027-03-28 in Europe/Berlin (the clocks jump forward): the time became ' +
      '2027-03-28 03:30:00 UTC+02:00.';
    expect(ui.getByText(/does not exist/).textContent).toBe(note);
    expect(requestedExpireTime(preview)).toBe(MOVED);

    await typeReason();
    await user.click(ui.getByRole('button', { name: 'Review change' }));
    await ui.findByRole('heading', { name: 'Review the change to v4' });
    expect(ui.getByText(/does not exist/).textContent).toBe(note);
    bff.answerNextPut(saved({ version: { ...previous, expire_time: MOVED }, audit_id: 'aud-gap' }));
    await user.click(ui.getByRole('button', { name: 'Save' }));
    await ui.findByText(/^Saved: CSMS now stores this expiry for v4/);
    expect(bff.puts.map((p) => p.body.expire_time)).toEqual([MOVED]);
  });

  it('typed and sent straight to Review: moved, and the review says so', async () => {
    const { ui, user, fields, typeWall, typeReason } = openEditor();
    await typeReason();
    await typeWall('2027-03-28', '02:30');
    await user.keyboard('{Enter}'); // submits from the Time field, without leaving it
    await ui.findByRole('heading', { name: 'Review the change to v4' });
    expect(ui.getByText(/does not exist/).textContent).toContain('the time became 2027-03-28 03:30:00');
    await user.click(ui.getByRole('button', { name: 'Back to edit' }));
    expect(fields.time).toHaveProperty('value', '03:30:00');
  });

  it('the note goes once the fields name another time', async () => {
    const { ui, user, fields, typeWall } = openEditor();
    await typeWall('2027-03-28', '02:30');
    await user.tab();
    expect(ui.queryByText(/does not exist/)).not.toBeNull();
    await user.clear(fields.time);
    await user.type(fields.time, '04:00');
    expect(ui.queryByText(/does not exist/)).toBeNull();
  });
});

function openEditor() {
  return openExpiryEditor(previous);
}
