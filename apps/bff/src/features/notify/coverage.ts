/**
 * Which versions a rule watches, and which of its warnings is due: one definition for the evaluation (what
 * to send), notification health (who will be told) and the SPA's wording. A version is due the warning of
 * the *most urgent* lead time it has crossed: one that is 3 days from expiry when a rule starts watching gets
 * the 7-day warning, not the 30-day one too, and never gets the 30-day one later.
 */
import type { Rule } from '@csms-console/api-contract';

const DAY_MS = 86_400_000;

export interface WatchedVersion {
  stages: readonly string[];
  expire_time: number | null;
}

/** Whether `rule` (enabled or not) covers this version of a secret of `account`. */
export function ruleCovers(
  rule: Pick<Rule, 'accounts' | 'versions'>,
  account: string,
  version: Pick<WatchedVersion, 'stages'>,
): boolean {
  if (rule.accounts !== '*' && !rule.accounts.includes(account)) return false;
  if (rule.versions === 'current') return version.stages.includes('SYSCURRENT');
  if (rule.versions === 'staged') return version.stages.length > 0;
  return true;
}

/**
 * The lead time (days; 0 = expired) whose warning is due at `now` for a version expiring at `expireTime`,
 * or undefined when none is: the smallest lead crossed (`expireTime - lead days <= now`), 0 once it expired
 * when the rule warns on expiry. A lead time whose threshold was crossed before the rule existed still
 * counts: the warning is late, not lost.
 */
export function dueLead(
  rule: Pick<Rule, 'lead_days' | 'on_expiry'>,
  expireTime: number,
  now: number,
): number | undefined {
  if (expireTime <= now) return rule.on_expiry ? 0 : undefined;
  let due: number | undefined;
  for (const days of rule.lead_days) {
    if (expireTime - days * DAY_MS <= now && (due === undefined || days < due)) due = days;
  }
  return due;
}
