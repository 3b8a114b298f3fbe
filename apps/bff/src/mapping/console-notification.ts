/**
 * "Will the console's own advance warnings reach anyone about this version?" (issue 14 item 4), decided once
 * for the fleet board (`console_notify`) and the secret page (`console_notification`), so the two agree. An
 * enabled rule covers the version (features/notify/coverage.ts `ruleCovers`, and it warns at some lead time
 * or on expiry); the answer is `ok` when at least one channel those rules name exists and is not failing,
 * `channel_failing` when every one is failing or gone, `no_rule` when no enabled rule covers it.
 *
 * Which rules cover a version depends only on the account and whether the version carries SYSCURRENT, some
 * other stage, or none, so `consoleNotifier` works each account's three answers out once and a fleet answer
 * of 20,000 versions costs a lookup per version.
 */
import type { ConsoleNotification, ConsoleNotify } from '@csms-console/api-contract';
import { ruleCovers } from '../features/notify/coverage.js';
import type { HealthChannel, HealthRule, NotifyHealth } from '../store/index.js';

export type ConsoleCoverage = ConsoleNotification;

const CURRENT = 'SYSCURRENT';

/** The rules covering a version of `account` with `stages`, their channels, and the answer. */
export function consoleCoverage(
  health: NotifyHealth,
  account: string,
  stages: readonly string[],
): ConsoleCoverage {
  const rules = health.rules.filter((rule) => warnsAtAll(rule) && ruleCovers(rule, account, { stages }));
  const ids = [...new Set(rules.flatMap((rule) => rule.channels))];
  const channels = ids.flatMap((id) => {
    const channel = health.channels.get(id);
    return channel ? [channelOf(channel)] : [];
  });
  const status: ConsoleNotify =
    rules.length === 0 ? 'no_rule' : channels.some((c) => !c.failing) ? 'ok' : 'channel_failing';
  return { status, rules: rules.map(({ id, name }) => ({ id, name })), channels };
}

/** `stages` -> the answer for `account`, each of the three stage kinds worked out once. */
export function consoleNotifier(
  health: NotifyHealth,
  account: string,
): (stages: readonly string[]) => ConsoleNotify {
  const kinds = new Map<string, ConsoleNotify>();
  return (stages) => {
    // A representative of the kind: ruleCovers looks at nothing else.
    const kind = stages.includes(CURRENT) ? [CURRENT] : stages.length > 0 ? ['staged'] : [];
    const key = kind.join();
    let answer = kinds.get(key);
    if (answer === undefined) kinds.set(key, (answer = consoleCoverage(health, account, kind).status));
    return answer;
  };
}

/** A rule with no lead time that does not warn on expiry either sends nothing. */
function warnsAtAll(rule: HealthRule): boolean {
  return rule.lead_days.length > 0 || rule.on_expiry;
}

function channelOf(channel: HealthChannel): ConsoleCoverage['channels'][number] {
  return {
    id: channel.id,
    name: channel.name,
    kind: channel.kind,
    failing: channel.failing,
    last_sent_at: channel.lastSentAt,
  };
}
