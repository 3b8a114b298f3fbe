/**
 * ULIDs (github.com/ulid/spec): 48-bit millisecond time + 80 random bits, Crockford base32, 26 characters,
 * from the `ulid` package's monotonic factory: a second id in the same (or an earlier) millisecond is the
 * previous one plus 1, so audit ids sort in the order they were made.
 * Two edges the library leaves open are closed here: it reads time 0 as "now" and lets a negative time into
 * its increment path, so the time is checked first; and it throws when the random part would overflow
 * within one millisecond, where we move on to the next millisecond, so ids keep sorting.
 */
import { monotonicFactory, ULIDError, type PRNG } from 'ulid';

const MAX_TIME = 2 ** 48 - 1;

/** A generator with its own monotonic state; `prng` (a fraction in [0, 1) per character) is for tests. */
export function ulidFactory(prng?: PRNG): (now: number) => string {
  const next = monotonicFactory(prng);
  let lastTime = 0;
  return (now) => {
    if (!Number.isSafeInteger(now) || now < 1 || now > MAX_TIME) {
      throw new RangeError('ULID time must be an integer in [1, 2^48)');
    }
    lastTime = Math.max(lastTime, now);
    try {
      return next(lastTime);
    } catch (error) {
      if (!(error instanceof ULIDError)) throw error;
      lastTime += 1; // the random part was all Z: the next millisecond starts a fresh one
      return next(lastTime);
    }
  };
}

/** The process-wide generator. */
export const ulid = ulidFactory();
