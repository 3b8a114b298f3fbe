/**
 * The rule form's values and how they become the contract's RuleInput. The UI holds the lead days as the
 * text the person types ("30, 7, 1") and "all accounts" as a choice beside the picked ones; the transform
 * turns them into the contract's shape and RuleInputSchema checks the result, so what is sent is what the
 * BFF accepts. Field names match the contract's paths, so the BFF's 400 `details.issues[].path` lands on
 * the same field. Messages are functions of the active language (read when the form validates).
 */
import {
  DEFAULT_LEAD_DAYS,
  NotifyLanguageSchema,
  RuleInputSchema,
  RuleVersionsSchema,
  type Rule,
  type RuleInput,
} from '@csms-console/api-contract';
import { z } from 'zod/mini';
import { t, type MessageKey } from '../../../lib/i18n';
import { browserZone } from '../../../lib/time';
import { parseLeadDays } from './lead-days';

const FIELD_ERRORS: Record<string, MessageKey> = {
  name: 'notify.rule.error.name',
  accounts: 'notify.rule.error.accounts',
  lead_days: 'notify.rule.error.leadDays',
  channels: 'notify.rule.error.channels',
  time_zone: 'notify.rule.error.timeZone',
};
/** A rule field's problem in the page's words (the contract's own messages are English only). */
export const sayRuleField = (field: string) => t(FIELD_ERRORS[field] ?? 'notify.form.invalidField');

export const RuleFormFields = z.object({
  name: z.string(),
  enabled: z.boolean(),
  /** UI only: every account (`*`, now and later) or the ones picked in `accounts`. */
  account_scope: z.enum(['all', 'picked']),
  accounts: z.array(z.string()),
  versions: RuleVersionsSchema,
  /** UI only as text: "30, 7, 1"; becomes the contract's `lead_days` array. */
  lead_days: z.string(),
  on_expiry: z.boolean(),
  channels: z.array(z.string()),
  language: NotifyLanguageSchema,
  time_zone: z.string(),
});
export type RuleFormValues = z.infer<typeof RuleFormFields>;

/** The contract's body from the form's values (lead days that do not parse count as none). */
export function toRuleInput(v: RuleFormValues): RuleInput {
  const lead = parseLeadDays(v.lead_days);
  return {
    name: v.name,
    enabled: v.enabled,
    accounts: v.account_scope === 'all' ? '*' : v.accounts,
    versions: v.versions,
    lead_days: 'days' in lead ? lead.days : [],
    on_expiry: v.on_expiry,
    channels: v.channels,
    language: v.language,
    time_zone: v.time_zone.trim(),
  };
}

/** The form's schema: its values, checked as the contract checks their transform, output the RuleInput. */
export const RuleFormSchema = z.pipe(
  RuleFormFields.check(
    z.superRefine((values, ctx) => {
      const lead = parseLeadDays(values.lead_days);
      // The lead-days text's own problem says more than the contract's "not an array of days".
      if ('problem' in lead)
        ctx.addIssue({
          code: 'custom',
          path: ['lead_days'],
          message: t(`notify.rule.leadProblem.${lead.problem}`),
        });
      else if (lead.days.length === 0 && !values.on_expiry)
        ctx.addIssue({ code: 'custom', path: ['lead_days'], message: t('notify.rule.error.nothingToSend') });
      const parsed = RuleInputSchema.safeParse(toRuleInput(values));
      if (parsed.success) return;
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? '');
        if (field === 'lead_days' && 'problem' in lead) continue;
        ctx.addIssue({ code: 'custom', path: [field], message: sayRuleField(field) });
      }
    }),
  ),
  z.transform(toRuleInput),
);

/** The form's starting values: the rule's, or a new rule's defaults (the browser's time zone). */
export function ruleFormDefaults(rule: Rule | null): RuleFormValues {
  return {
    name: rule?.name ?? '',
    enabled: rule?.enabled ?? true,
    account_scope: rule && rule.accounts !== '*' ? 'picked' : 'all',
    accounts: rule && rule.accounts !== '*' ? rule.accounts : [],
    versions: rule?.versions ?? 'current',
    lead_days: (rule?.lead_days ?? DEFAULT_LEAD_DAYS).join(', '),
    on_expiry: rule?.on_expiry ?? true,
    channels: rule?.channels ?? [],
    language: rule?.language ?? 'en',
    time_zone: rule?.time_zone ?? browserZone(),
  };
}
