/**
 * ULIDs (github.com/ulid/spec): 48-bit millisecond time + 80 random bits, Crockford base32, 26 characters.
 * Monotonic within one process: a second id in the same (or an earlier) millisecond is the previous one
 * plus 1, so ids sort in the order they were made.
 */
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const MAX_TIME = 2 ** 48 - 1;
const RANDOM_LIMIT = 1n << 80n;

function encodeTime(time: number): string {
  let out = '';
  for (let i = 0, t = time; i < 10; i++, t = Math.floor(t / 32)) out = ALPHABET.charAt(t % 32) + out;
  return out;
}

function encodeRandom(random: bigint): string {
  let out = '';
  for (let i = 0, r = random; i < 16; i++, r >>= 5n) out = ALPHABET.charAt(Number(r & 31n)) + out;
  return out;
}

const fresh = (): bigint => BigInt(`0x${randomBytes(10).toString('hex')}`);

/** A generator with its own monotonic state; `random` is injectable for tests. */
export function ulidFactory(random: () => bigint = fresh): (now: number) => string {
  let lastTime = -1;
  let lastRandom = 0n;
  return (now) => {
    if (!Number.isSafeInteger(now) || now < 0 || now > MAX_TIME) {
      throw new RangeError('ULID time must be an integer in [0, 2^48)');
    }
    let time = now;
    let rand: bigint;
    if (time <= lastTime) {
      time = lastTime;
      rand = lastRandom + 1n;
      if (rand >= RANDOM_LIMIT) {
        time = lastTime + 1;
        rand = random() % RANDOM_LIMIT;
      }
    } else {
      rand = random() % RANDOM_LIMIT;
    }
    lastTime = time;
    lastRandom = rand;
    return encodeTime(time) + encodeRandom(rand);
  };
}

/** The process-wide generator. */
export const ulid = ulidFactory();
