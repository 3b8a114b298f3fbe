/**
 * What the editor says about a daylight-saving change at the typed time, in the edit step and again in the
 * review. Two cases (lib/time-parse.ts finds them):
 * - a gap (spring): the typed wall time does not exist; the fields move on to the time it becomes
 *   (`settleGap`) and the note says what was typed and what it became;
 * - an overlap (autumn): the wall time happens twice; the editor offers both instants with their offsets
 *   and takes none until the user picks one (nothing is chosen for them).
 */
import { t } from '../../../lib/i18n';
import { formatInstant, offsetLabel, splitZoned } from '../../../lib/time';

export type DstNote =
  /** `typed` on `date` did not exist in `zone`; `ms` is what it became. */
  | { kind: 'gap'; date: string; typed: string; ms: number; zone: string }
  /** `time` on `date` happens twice in `zone`; `ms` is the one picked, the `which` of the two. */
  | { kind: 'overlap'; date: string; time: string; ms: number; which: 'first' | 'second'; zone: string };

export function dstNoteText(note: DstNote): string {
  if (note.kind === 'gap') {
    return t('expiry.dst.gapMoved', {
      typed: note.typed,
      date: note.date,
      zone: note.zone,
      became: formatInstant(note.ms, note.zone),
    });
  }
  return t('expiry.dst.overlapChosen', {
    time: note.time,
    date: note.date,
    zone: note.zone,
    which: note.which,
    instant: formatInstant(note.ms, note.zone),
    utc: formatInstant(note.ms, 'UTC'),
  });
}

/** Before the fields move on: the typed time does not exist, and what it is read as. */
export function gapHintText(typed: string, date: string, zone: string, ms: number): string {
  return t('expiry.dst.gapLive', {
    typed: typed.trim(),
    date: date.trim(),
    zone,
    became: formatInstant(ms, zone),
  });
}

/** One of the two instants of a repeated wall time as its radio button says it: `01:30:00 UTC-04:00 (first)`. */
export function overlapOptionText(ms: number, zone: string, which: 'first' | 'second'): string {
  return t('expiry.dst.option', { time: splitZoned(ms, zone).time, offset: offsetLabel(ms, zone), which });
}

/** The note for the review, or the edit step, when the instant came through a DST change. */
export function dstNoteFor(input: {
  ms: number;
  zone: string;
  date: string;
  overlap: { instants: [number, number]; picked: number | null } | undefined;
  gap: DstNote | null;
}): DstNote | undefined {
  const { ms, zone, overlap, gap } = input;
  if (overlap && overlap.picked === ms) {
    const which = ms === overlap.instants[0] ? 'first' : 'second';
    return { kind: 'overlap', date: input.date.trim(), time: splitZoned(ms, zone).time, ms, which, zone };
  }
  return gap !== null && gap.kind === 'gap' && gap.ms === ms ? gap : undefined;
}
