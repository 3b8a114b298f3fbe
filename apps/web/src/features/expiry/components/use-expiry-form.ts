import { useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { splitZoned } from '../../../lib/time';
import { evaluateCandidate } from '../utils/candidate';
import type { DraftStart } from '../utils/draft-start';
import type { DstNote } from '../utils/dst';
import { expiryFormResolver, type ExpiryFormContext, type ExpiryFormValues } from '../utils/form-schema';
import type { ExpiryContext } from '../utils/rules';

export interface WhenFields {
  date: string;
  time: string;
  pick: number | null;
}

/** Date and Time as a clock in `zone` shows `ms`, and `ms` as the pick should that wall time happen twice. */
export function fieldsAt(ms: number, zone: string): WhenFields {
  return { ...splitZoned(ms, zone), pick: ms };
}

/**
 * The editor's form (from a kept draft, else the current expiry) and what its Date and Time mean now: the
 * candidate instant, and the note of a typed time that did not exist once the fields moved on from it.
 */
export function useExpiryForm(input: {
  start: DraftStart | null;
  expected: number | null;
  zone: string;
  rules: ExpiryContext;
}) {
  const { start, expected, zone, rules } = input;
  const form = useForm<ExpiryFormValues, ExpiryFormContext>({
    resolver: expiryFormResolver,
    context: { zone, rules },
    defaultValues: start?.values ?? {
      ...(expected === null ? { date: '', time: '00:00:00', pick: null } : fieldsAt(expected, zone)),
      reason: '',
    },
  });
  const [date, time, pick, reason] = useWatch({
    control: form.control,
    name: ['date', 'time', 'pick', 'reason'],
  });
  const candidate = evaluateCandidate(date, time, zone, rules, pick);
  const [gap, setGap] = useState<DstNote | null>(start?.gap ?? null);

  /** Sets Date, Time and the pick together (`dirty`: as the user's own change). */
  const setFields = (parts: WhenFields, dirty = false) => {
    const options = { shouldDirty: dirty, shouldValidate: form.formState.isSubmitted };
    form.setValue('date', parts.date, options);
    form.setValue('time', parts.time, options);
    form.setValue('pick', parts.pick, options);
  };

  /**
   * A typed wall time that does not exist: the fields become the time it is read as (what the preview
   * shows), and the note says what was typed. Returns that note, or null when there was nothing to move.
   */
  const settleGap = (): DstNote | null => {
    const values = form.getValues();
    const typed = evaluateCandidate(values.date, values.time, zone, rules, values.pick);
    if (!typed.gap || typed.ms === null) return null;
    const [day, typedTime] = [values.date.trim(), values.time.trim()];
    const note: DstNote = { kind: 'gap', date: day, typed: typedTime, ms: typed.ms, zone };
    setGap(note);
    setFields(fieldsAt(typed.ms, zone), true);
    return note;
  };

  return { form, date, time, pick, reason, candidate, gap, setGap, setFields, settleGap };
}
