/**
 * How the editor starts from a kept draft (utils/draft.ts): the typed values, zone and step come back; when
 * the expiry the draft was written against is no longer what the page reads (someone changed it while the
 * user was signed out), the draft still comes back, on the edit step and compared against the new value,
 * and the editor says what changed: the same as retrying after a 409 `expire_time_changed`.
 */
import type { ZoneChoice } from '../../../lib/time';
import type { ExpiryDraft } from './draft';
import type { ExpiryFormValues } from './form-schema';

export interface DraftStart {
  values: ExpiryFormValues;
  zone: ZoneChoice;
  gap: ExpiryDraft['gap'];
  step: ExpiryDraft['step'];
  /** The expiry moved since the draft was written: from `was` to `now` (null: no expiry). */
  changed: { was: number | null; now: number | null } | null;
}

/** `current`: the version's expiry as the page reads it now. */
export function startFromDraft(draft: ExpiryDraft | null, current: number | null): DraftStart | null {
  if (draft === null) return null;
  const changed = draft.expected === current ? null : { was: draft.expected, now: current };
  return {
    values: { date: draft.date, time: draft.time, reason: draft.reason, pick: draft.pick },
    zone: draft.zone,
    gap: draft.gap,
    step: changed ? 'edit' : draft.step,
    changed,
  };
}
