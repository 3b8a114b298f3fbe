/**
 * How the editor starts from a kept draft (utils/draft.ts): the typed values, zone and step come back. When
 * the expiry the draft was written against is no longer what the page reads (someone changed it while the
 * user was signed out), the draft still comes back, on the edit step and compared against the new value,
 * and the editor says what changed: as retrying after a 409 `expire_time_changed` does. A draft left on the
 * review step reopens the review, if the instant is still acceptable now.
 */
import { isReasonMissing } from '@csms-console/api-contract';
import { t } from '../../../lib/i18n';
import { formatInstant, type ZoneChoice } from '../../../lib/time';
import { evaluateCandidate, isAcceptable } from './candidate';
import type { ExpiryDraft } from './draft';
import { dstNoteFor, type DstNote } from './dst';
import type { ExpiryFormValues } from './form-schema';
import type { ExpiryContext } from './rules';

export interface DraftStart {
  values: ExpiryFormValues;
  zone: ZoneChoice;
  /** The typed time that did not exist and what it became, as the edit step noted it. */
  gap: DstNote | null;
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
    gap: draft.gap === null ? null : { kind: 'gap', ...draft.gap },
    step: changed ? 'edit' : draft.step,
    changed,
  };
}

export type StartStep =
  | { kind: 'edit'; notice?: string }
  | { kind: 'review'; ms: number; reason: string; notice: string; dst?: DstNote };

/** The step the editor opens on, with the note that says the draft is back (and what changed). */
export function startStep(start: DraftStart | null, zone: string, rules: ExpiryContext): StartStep {
  if (start === null) return { kind: 'edit' };
  if (start.changed) {
    const at = (ms: number | null) => (ms === null ? t('time.noExpiry') : formatInstant(ms, zone));
    const { was, now } = start.changed;
    return { kind: 'edit', notice: t('expiry.draft.restoredChanged', { was: at(was), now: at(now) }) };
  }
  const notice = t('expiry.draft.restored');
  const { date, time, pick, reason } = start.values;
  const checked = evaluateCandidate(date, time, zone, rules, pick);
  if (start.step !== 'review' || !isAcceptable(checked) || isReasonMissing(rules.policy, reason)) {
    return { kind: 'edit', notice };
  }
  const dst = dstNoteFor({ ms: checked.ms, zone, date, overlap: checked.overlap, gap: start.gap });
  return { kind: 'review', ms: checked.ms, reason: reason.trim(), notice, ...(dst ? { dst } : {}) };
}
