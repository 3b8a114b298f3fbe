// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { adminPolicy } from '../../../testing/expiry-policies';
import { clearDraft, draftKey, DRAFT_MAX_AGE_MS, readDraft, writeDraft, type ExpiryDraft } from './draft';
import { startFromDraft, startStep } from './draft-start';
import type { ExpiryContext } from './rules';

const DAY = 86_400_000;
const now = Date.UTC(2026, 10, 23, 12, 0, 0);
const owner = { user: 'u1', account: 'acc', secret: 'db-password', version: 'v4' };
const current = now + 3 * DAY;
const draft: ExpiryDraft = {
  date: '2027-01-31',
  time: '14:30',
  zone: 'utc',
  reason: 'CHG-1 renewal',
  pick: null,
  gap: null,
  step: 'edit',
  expected: current,
  savedAt: now,
};
const rules = (over: Partial<ExpiryContext> = {}): ExpiryContext => ({
  policy: adminPolicy,
  current,
  now,
  zone: 'UTC',
  ...over,
});

beforeEach(() => sessionStorage.clear());

describe('the draft store', () => {
  it('keeps one draft per user, account, secret and version, in this tab', () => {
    writeDraft(owner, draft);
    expect(readDraft(owner, now)).toEqual(draft);
    expect(sessionStorage.getItem(draftKey(owner))).not.toBeNull();
    expect(localStorage.length).toBe(0); // not kept beyond the tab
    for (const other of [
      { ...owner, user: 'u2' },
      { ...owner, account: 'acc2' },
      { ...owner, secret: 'other' },
      { ...owner, version: 'v5' },
    ]) {
      expect(readDraft(other, now)).toBeNull();
    }
  });

  it('names the key by its parts, each escaped, so no two owners share one', () => {
    expect(draftKey(owner)).toBe('csms-console.expiry-draft/u1/acc/db-password/v4');
    expect(draftKey({ ...owner, user: 'a/b', secret: 'c' })).not.toBe(
      draftKey({ ...owner, user: 'a', secret: 'b/c' }),
    );
  });

  it('drops what it cannot read, and a draft older than its age limit', () => {
    sessionStorage.setItem(draftKey(owner), '{not json');
    expect(readDraft(owner, now)).toBeNull();
    expect(sessionStorage.getItem(draftKey(owner))).toBeNull();

    sessionStorage.setItem(draftKey(owner), JSON.stringify({ ...draft, step: 'saved' }));
    expect(readDraft(owner, now)).toBeNull();

    writeDraft(owner, draft);
    expect(readDraft(owner, now + DRAFT_MAX_AGE_MS)).toEqual(draft);
    expect(readDraft(owner, now + DRAFT_MAX_AGE_MS + 1)).toBeNull();
    expect(sessionStorage.getItem(draftKey(owner))).toBeNull();
  });

  it('clears', () => {
    writeDraft(owner, draft);
    clearDraft(owner);
    expect(readDraft(owner, now)).toBeNull();
  });
});

describe('starting from a draft', () => {
  it('nothing kept: the edit step, no note', () => {
    expect(startFromDraft(null, current)).toBeNull();
    expect(startStep(null, 'UTC', rules())).toEqual({ kind: 'edit' });
  });

  it('brings back the typed values, zone and step, saying so', () => {
    const start = startFromDraft({ ...draft, pick: 5, gap: null }, current);
    expect(start).toMatchObject({
      values: { date: '2027-01-31', time: '14:30', reason: 'CHG-1 renewal', pick: 5 },
      zone: 'utc',
      step: 'edit',
      changed: null,
    });
    expect(startStep(start, 'UTC', rules())).toEqual({
      kind: 'edit',
      notice: 'Your unsaved change is back. Check it, then continue.',
    });
  });

  it('a draft left on review reopens the review while its instant is still acceptable', () => {
    const start = startFromDraft({ ...draft, step: 'review', reason: ' CHG-1 ' }, current);
    expect(startStep(start, 'UTC', rules())).toMatchObject({
      kind: 'review',
      ms: Date.UTC(2027, 0, 31, 14, 30),
      reason: 'CHG-1',
    });
    // Time passed (the instant is now too close), or the role's horizon got shorter: back to edit.
    const later = rules({ now: Date.UTC(2027, 0, 31, 14, 28) });
    expect(startStep(start, 'UTC', later).kind).toBe('edit');
    const nearer = { ...adminPolicy, max_horizon_ms: 30 * DAY };
    expect(startStep(start, 'UTC', rules({ policy: nearer })).kind).toBe('edit');
  });

  it('a review without the reason the policy now requires goes back to edit', () => {
    const start = startFromDraft({ ...draft, step: 'review', reason: '  ' }, current);
    expect(startStep(start, 'UTC', rules()).kind).toBe('edit');
  });

  it('when the expiry changed meanwhile: the draft comes back on edit, saying from what to what', () => {
    const theirs = current + 5 * DAY;
    const start = startFromDraft({ ...draft, step: 'review' }, theirs);
    expect(start?.changed).toEqual({ was: current, now: theirs });
    expect(start?.step).toBe('edit');
    expect(start?.values.date).toBe('2027-01-31');
    expect(startStep(start, 'UTC', rules({ current: theirs }))).toEqual({
      kind: 'edit',
      notice:
        'Your unsaved change is back, but the expiry changed in the meantime: it was 2026-11-26 12:00:00 UTC ' +
        'and is 2026-12-01 12:00:00 UTC now. Check the new expiry, then review.',
    });
    const removed = startStep(startFromDraft(draft, null), 'UTC', rules({ current: null }));
    expect(removed).toMatchObject({ notice: expect.stringContaining('and is no expiry now') });
  });

  it('keeps the note of a typed time that did not exist, for the review', () => {
    const moved = Date.UTC(2027, 2, 28, 1, 30); // 02:30 Berlin on 2027-03-28 became 03:30 CEST
    const gap = { date: '2027-03-28', typed: '02:30', ms: moved, zone: 'Europe/Berlin' };
    const kept = {
      ...draft,
      date: '2027-03-28',
      time: '03:30:00',
      zone: 'local' as const,
      gap,
      step: 'review' as const,
    };
    const start = startFromDraft(kept, current);
    expect(startStep(start, 'Europe/Berlin', rules({ zone: 'Europe/Berlin' }))).toMatchObject({
      kind: 'review',
      ms: moved,
      dst: { kind: 'gap', ...gap },
    });
  });
});
