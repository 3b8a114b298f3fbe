/**
 * The editor's form: the contract's `reason` plus the UI-only Date and Time strings and, when the typed wall
 * time happens twice (DST overlap), which of the two instants the user picked. Whether they make an
 * acceptable instant depends on "now", the zone and the role, so the resolver gets those as context.
 */
import { isReasonMissing, REASON_MAX_CHARS, UpdateExpiryInputSchema } from '@csms-console/api-contract';
import { zodResolver } from '@hookform/resolvers/zod';
import type { Resolver } from 'react-hook-form';
import { z } from 'zod/mini';
import { t } from '../../../lib/i18n';
import { evaluateCandidate } from './candidate';
import type { ExpiryContext } from './rules';

export const REASON_MAX = REASON_MAX_CHARS;

/**
 * `zod/mini`, as the contract: with classic zod here too, its methods and JSON Schema code would ship in the
 * shared chunk every cold visit downloads (issue 13).
 */
export const ExpiryFormSchema = z.extend(z.pick(UpdateExpiryInputSchema, { reason: true }), {
  date: z.string(),
  time: z.string(),
  /** The instant picked of a repeated wall time (epoch ms), or null: none picked, or none to pick. */
  pick: z.nullable(z.number()),
  // A function, so the message is read in the language active when the form validates.
  reason: z
    .string()
    .check(z.maxLength(REASON_MAX, { error: () => t('expiry.reason.tooLong', { max: REASON_MAX }) })),
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
  return ExpiryFormSchema.check(
    z.superRefine((values, ctx) => {
      if (isReasonMissing(rules.policy, values.reason))
        ctx.addIssue({ code: 'custom', path: ['reason'], message: t('expiry.reason.required') });
      const candidate = evaluateCandidate(values.date, values.time, zone, rules, values.pick);
      if (candidate.dateError) ctx.addIssue({ code: 'custom', path: ['date'], message: candidate.dateError });
      if (candidate.timeError) ctx.addIssue({ code: 'custom', path: ['time'], message: candidate.timeError });
      if (candidate.overlap && candidate.overlap.picked === null)
        ctx.addIssue({ code: 'custom', path: ['pick'], message: t('expiry.dst.pickRequired') });
      for (const problem of candidate.problems)
        ctx.addIssue({ code: 'custom', path: ['date'], message: problem });
    }),
  );
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
