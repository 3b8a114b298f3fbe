/**
 * Login limits (docs/security.md R1), on counters in the store so every BFF process sees the same ones:
 * - 5 failed attempts in a row for one (user name, IP) block that pair for 15 min, from the 5th failure or
 *   from the first attempt past 5 if parallel ones get there first; a success clears it; after the block
 *   the pair starts over;
 * - 100 attempts from one IP within 24 h block the IP for 24 h (a success gives its attempt back, so an
 *   office behind one address is not blocked by its people signing in);
 * - per account, attempts within the hour slow each further failure down (progressive delay), and past 100
 *   the account refuses logins for an hour: bounded, never a permanent lock (a success gives its attempt back).
 *
 * An attempt is counted *before* the password is checked, atomically in the store (`take`), so parallel
 * guesses against any number of processes get distinct counts and at most the limit of them reach argon2.
 */
import type { CounterTake, LoginCounterStore } from '../../store/types.js';

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

/** The defaults with the configured limits (config `login`). */
export function throttleSettings(login: {
  pairFailures: number;
  ipFailuresPerDay: number;
  accountFailuresPerHour: number;
}): ThrottleSettings {
  return {
    ...DEFAULT_THROTTLE,
    pairFailures: login.pairFailures,
    ipFailures: login.ipFailuresPerDay,
    accountFailuresPerHour: login.accountFailuresPerHour,
  };
}

/** One sign-in attempt, counted. */
export interface LoginAttempt {
  /** Epoch ms until which this attempt is refused (the password must not be checked), or undefined. */
  refusedUntil: number | undefined;
  /** How long to hold the answer if the password turns out wrong: grows with the account's hour. */
  failureDelayMs: number;
  /** What was counted, to give back on success. */
  readonly takes: CounterTake[];
}

const refused = (takes: CounterTake[]): LoginAttempt => ({
  refusedUntil: Math.max(...takes.flatMap((t) => (t.blockedUntil === null ? [] : [t.blockedUntil]))),
  failureDelayMs: 0,
  takes: [],
});

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

  /**
   * Counts the attempt on its pair, then on its IP and account; call before checking the password. The
   * pair goes first and alone, so parallel guesses beyond a pair's limit never reach the IP's or the
   * account's counts: a flood from one address cannot push the account over its hourly cap (no malicious
   * lockout). An attempt that one key refuses gives back what it counted on the others.
   */
  async begin(username: string, ip: string): Promise<LoginAttempt> {
    const k = keys(username, ip);
    const s = this.settings;
    const now = this.now();
    // The pair's window is a day: attempts without a success add up until then or until a block ends.
    const [pair] = await this.store.take(
      [{ key: k.pair, maxAttempts: s.pairFailures, windowMs: DAY, blockMs: s.pairBlockMs }],
      now,
    );
    if (pair!.blockedUntil !== null) return refused([pair!]);
    const rest = await this.store.take(
      [
        { key: k.ip, maxAttempts: s.ipFailures, windowMs: s.ipWindowMs, blockMs: s.ipWindowMs },
        { key: k.account, maxAttempts: s.accountFailuresPerHour, windowMs: HOUR, blockMs: HOUR },
      ],
      now,
    );
    const takes = [pair!, ...rest];
    if (rest.some((t) => t.blockedUntil !== null)) {
      await this.store.refund(takes.filter((t) => t.blockedUntil === null));
      return refused(takes);
    }
    const beyond = rest.find((t) => t.key === k.account)!.attempts - 5;
    return {
      refusedUntil: undefined,
      failureDelayMs: beyond <= 0 ? 0 : Math.min(s.delayCapMs, beyond * s.delayStepMs),
      takes,
    };
  }

  /**
   * The password was wrong: the attempt that reached the pair's limit blocks the pair for 15 min from now
   * (attempts past the limit that were already in flight were refused and blocked it too).
   */
  async failed(attempt: LoginAttempt): Promise<void> {
    const pair = attempt.takes.find((t) => t.key.startsWith('pair:'));
    if (pair && pair.attempts >= this.settings.pairFailures) {
      await this.store.block(pair, this.now() + this.settings.pairBlockMs);
    }
  }

  /** The password was right: the pair starts over, and the IP and the account get the attempt back. */
  async succeeded(attempt: LoginAttempt): Promise<void> {
    const pair = attempt.takes.find((t) => t.key.startsWith('pair:'));
    await Promise.all([
      pair ? this.store.clear(pair.key) : undefined,
      this.store.refund(attempt.takes.filter((t) => t !== pair)),
    ]);
  }
}
