/**
 * Login limits (security.md R1), on counters in the store so every BFF process sees them:
 * - 5 consecutive failures for one (user name, IP) block that pair for 15 min; a success clears it;
 * - 100 failures from one IP within 24 h block the IP for 24 h;
 * - per account, failures within the hour slow each further attempt down (progressive delay), and past 100
 *   the account refuses logins until the hour's window ends: bounded, never a permanent lock.
 */
import type { LoginCounterStore } from '../../store/types.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface ThrottleSettings {
  pairFailures: number;
  pairBlockMs: number;
  ipFailures: number;
  ipWindowMs: number;
  accountFailuresPerHour: number;
  /** Progressive delay per account failure beyond the first 5, capped. */
  delayStepMs: number;
  delayCapMs: number;
}

export const DEFAULT_THROTTLE: ThrottleSettings = {
  pairFailures: 5,
  pairBlockMs: 15 * MINUTE,
  ipFailures: 100,
  ipWindowMs: DAY,
  accountFailuresPerHour: 100,
  delayStepMs: 200,
  delayCapMs: 3_000,
};

const keys = (username: string, ip: string) => {
  const user = username.toLowerCase().slice(0, 64);
  return { pair: `pair:${user}|${ip}`, ip: `ip:${ip}`, account: `acct:${user}` };
};

export class LoginThrottle {
  constructor(
    private readonly store: LoginCounterStore,
    private readonly now: () => number,
    private readonly settings: ThrottleSettings = DEFAULT_THROTTLE,
  ) {}

  /** Epoch ms until which this attempt is refused, or undefined when it may proceed. */
  async blockedUntil(username: string, ip: string): Promise<number | undefined> {
    const k = keys(username, ip);
    return this.store.blockedUntil([k.pair, k.ip, k.account], this.now());
  }

  /** How long to hold a (failed) answer for this account: grows with the hour's failures. */
  async delayMs(username: string, ip: string): Promise<number> {
    const failures = await this.store.failures(keys(username, ip).account, HOUR, this.now());
    const beyond = failures - 5;
    return beyond <= 0 ? 0 : Math.min(this.settings.delayCapMs, beyond * this.settings.delayStepMs);
  }

  async recordFailure(username: string, ip: string): Promise<void> {
    const k = keys(username, ip);
    const now = this.now();
    const s = this.settings;
    const [pair, perIp, account] = await Promise.all([
      this.store.recordFailure(k.pair, DAY, now),
      this.store.recordFailure(k.ip, s.ipWindowMs, now),
      this.store.recordFailure(k.account, HOUR, now),
    ]);
    if (pair >= s.pairFailures) await this.store.block(k.pair, now + s.pairBlockMs);
    if (perIp >= s.ipFailures) await this.store.block(k.ip, now + s.ipWindowMs);
    if (account >= s.accountFailuresPerHour) await this.store.block(k.account, now + HOUR);
  }

  async recordSuccess(username: string, ip: string): Promise<void> {
    await this.store.clear(keys(username, ip).pair);
  }
}
