/**
 * Password hashing and policy (docs/security.md L1-L3). argon2id at m=19456 KiB, t=2, p=1 (the OWASP minimum,
 * @node-rs/argon2's default) or stronger; a login with an older, weaker hash upgrades it. Unknown users are
 * verified against a dummy hash so both failures cost the same time. The policy is NIST-style: length 8-1024,
 * no composition rules, and a check against a 49k-word common-password list (zxcvbn-ts, offline).
 */
import { hash, parseOptions, verify } from '@node-rs/argon2';

export interface HashParams {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

export const DEFAULT_HASH_PARAMS: HashParams = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string, params: HashParams = DEFAULT_HASH_PARAMS): Promise<string> {
  // algorithm 2 = Argon2id (a const enum in the typings, which isolatedModules cannot import).
  return hash(password, { ...params, algorithm: 2 });
}

let dummyHash: Promise<string> | undefined;

/** Verifies against `stored`, or against a dummy hash when there is no user, so timing does not tell. */
export async function verifyPassword(stored: string | undefined, password: string): Promise<boolean> {
  dummyHash ??= hashPassword('dummy password that never matches anything');
  const target = stored ?? (await dummyHash);
  try {
    const ok = await verify(target, password);
    return ok && stored !== undefined;
  } catch {
    return false;
  }
}

/** True when `stored` was made with weaker parameters than `params` (or is not argon2id). */
export function needsRehash(stored: string, params: HashParams = DEFAULT_HASH_PARAMS): boolean {
  try {
    const current = parseOptions(stored);
    return (
      !stored.startsWith('$argon2id$') ||
      current.memoryCost < params.memoryCost ||
      current.timeCost < params.timeCost ||
      current.parallelism < params.parallelism
    );
  } catch {
    return true;
  }
}

type Checker = (password: string, inputs: string[]) => number;
let checker: Promise<Checker> | undefined;

async function loadChecker(): Promise<Checker> {
  const [{ ZxcvbnFactory }, common] = await Promise.all([
    import('@zxcvbn-ts/core'),
    import('@zxcvbn-ts/language-common'),
  ]);
  const factory = new ZxcvbnFactory({ dictionary: common.dictionary, graphs: common.adjacencyGraphs });
  return (password, inputs) => factory.check(password, inputs).score;
}

/** Undefined when acceptable, else the reason, written for the person choosing the password. */
export async function passwordProblem(password: string, username: string): Promise<string | undefined> {
  const length = [...password].length;
  if (length < 8) return 'must be at least 8 characters (15 or more recommended)';
  if (length > 1024) return 'must be at most 1024 characters';
  if (password.toLowerCase() === username.toLowerCase()) return 'must not be the user name';
  checker ??= loadChecker();
  const score = (await checker)(password.slice(0, 256), [username]);
  if (score < 2) return 'is too common or too easy to guess; a longer passphrase works well';
  return undefined;
}
