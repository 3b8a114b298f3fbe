/**
 * The editor's form: the contract's `reason` plus the UI-only Date and Time strings. Whether Date + Time make
 * an acceptable instant depends on "now", the zone and the role, so the resolver gets those as context.
 */
import { isReasonMissing, REASON_MAX_CHARS } from '@csms-console/api-contract';
import { zodResolver } from '@hookform/resolvers/zod';
import type { Resolver } from 'react-hook-form';
import { z } from 'zod';
import { REASON_REQUIRED_MESSAGE } from '../../../lib/reason';
import { evaluateCandidate } from './candidate';
import type { ExpiryContext } from './rules';

export const REASON_MAX = REASON_MAX_CHARS;

/**
 * The contract's `reason` (a field of UpdateExpiryInputSchema, a strict object) with the form's own message,
 * then the UI-only Date and Time strings, in that order (the order issues are reported in). Written out
 * rather than picked: the contract is `zod/mini`, and this form stays classic zod in the editor's lazy chunk.
 */
export const ExpiryFormSchema = z.strictObject({
  reason: z.string().max(REASON_MAX, { error: `Keep the reason to ${REASON_MAX} characters or fewer.` }),
  date: z.string(),
  time: z.string(),
});
export type ExpiryFormValues = z.infer<typeof ExpiryFormSchema>;

export interface ExpiryFormContext {
  zone: string;
  rules: ExpiryContext;
}

/**
 * The schema with the instant checked exactly as the preview and the BFF check it, and the reason as the
 * BFF counts it (`isReasonMissing`: trimmed, blank is none) when the role's policy requires one.
 */
export function expiryFormSchema({ zone, rules }: ExpiryFormContext) {
  return ExpiryFormSchema.superRefine((values, ctx) => {
    if (isReasonMissing(rules.policy, values.reason))
      ctx.addIssue({ code: 'custom', path: ['reason'], message: REASON_REQUIRED_MESSAGE });
    const candidate = evaluateCandidate(values.date, values.time, zone, rules);
    if (candidate.dateError) ctx.addIssue({ code: 'custom', path: ['date'], message: candidate.dateError });
    if (candidate.timeError) ctx.addIssue({ code: 'custom', path: ['time'], message: candidate.timeError });
    for (const problem of candidate.problems)
      ctx.addIssue({ code: 'custom', path: ['date'], message: problem });
  });
}

/** A resolver that builds the schema from the form's (mutable) context on every validation. */
export const expiryFormResolver: Resolver<ExpiryFormValues, ExpiryFormContext> = (
  values,
  context,
  options,
) => {
  if (!context) throw new Error('expiryFormResolver needs the form context');
  return zodResolver(expiryFormSchema(context))(values, context, options);
};
