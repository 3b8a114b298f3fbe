/**
 * The evaluation's pure part: rules + each account's fleet scan + now -> the crossings due. A crossing is
 * (account, secret, version, expire_time, lead): the same key notify_events is unique on, so whichever
 * process inserts it first owns it. Each crossing carries every (channel, language, time zone) that an
 * enabled rule covering it wants it sent to. Which lead is due is coverage.ts's `dueLead` (the most urgent
 * one crossed), so a version extended before its threshold has nothing due, and a new expire_time is a new
 * key: its lead times are armed again.
 */
import type { NotifyLanguage, Rule } from '@csms-console/api-contract';
import type { FleetSecretRow } from '../../store/types.js';
import { dueLead, ruleCovers } from './coverage.js';

export interface CrossingTarget {
  channelId: string;
  language: NotifyLanguage;
  timeZone: string;
}

export interface Crossing {
  account: string;
  secret: string;
  version: string;
  stages: readonly string[];
  expireTime: number;
  /** Days before expiry; 0 = it has expired. */
  leadDays: number;
  /** Distinct by (channel, language), from the rules in name order. */
  targets: CrossingTarget[];
}

export const crossingKey = (
  c: Pick<Crossing, 'account' | 'secret' | 'version' | 'expireTime' | 'leadDays'>,
) => `${c.account}\u0000${c.secret}\u0000${c.version}\u0000${c.expireTime}\u0000${c.leadDays}`;

/** The crossings due at `now` over `fleet` (account -> its scan's rows), most urgent first. */
export function evaluateCrossings(
  rules: readonly Rule[],
  fleet: ReadonlyMap<string, readonly FleetSecretRow[]>,
  now: number,
): Crossing[] {
  const enabled = rules.filter((r) => r.enabled).sort((a, b) => a.name.localeCompare(b.name));
  const crossings = new Map<string, Crossing>();
  for (const [account, rows] of fleet) {
    const watching = enabled.filter((r) => r.accounts === '*' || r.accounts.includes(account));
    if (watching.length === 0) continue;
    for (const row of rows) {
      for (const version of row.versions ?? []) {
        if (version.expire_time === null) continue;
        for (const rule of watching) {
          if (!ruleCovers(rule, account, version)) continue;
          const leadDays = dueLead(rule, version.expire_time, now);
          if (leadDays === undefined) continue;
          const fields = {
            account,
            secret: row.secret,
            version: version.id,
            expireTime: version.expire_time,
            leadDays,
          };
          const key = crossingKey(fields);
          let crossing = crossings.get(key);
          if (!crossing) {
            crossing = { ...fields, stages: version.stages, targets: [] };
            crossings.set(key, crossing);
          }
          for (const channelId of rule.channels) {
            if (crossing.targets.some((t) => t.channelId === channelId && t.language === rule.language))
              continue;
            crossing.targets.push({ channelId, language: rule.language, timeZone: rule.time_zone });
          }
        }
      }
    }
  }
  return [...crossings.values()].sort(byUrgency);
}

/** Soonest expiry first (expired ones first of all), then by name. */
export function byUrgency(
  a: Pick<Crossing, 'expireTime' | 'account' | 'secret' | 'version'>,
  b: Pick<Crossing, 'expireTime' | 'account' | 'secret' | 'version'>,
): number {
  return (
    a.expireTime - b.expireTime ||
    a.account.localeCompare(b.account) ||
    a.secret.localeCompare(b.secret) ||
    a.version.localeCompare(b.version)
  );
}
