/**
 * Who may call: AK/SK credentials (optionally temporary, with a security token) and IAM users that obtain
 * tokens by password, each optionally limited to a list of IAM actions. Generated values look like the real
 * ones: 20-character access keys, 40-character secret keys, 32-hex ids.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { AccessKeyCredential, IamUser } from '../store/model.js';
import { compileActions, type ActionMatcher } from './actions.js';
import { HmacSha256Key } from './hmac.js';

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomString(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

export const randomHex = (bytes: number): string => randomBytes(bytes).toString('hex');

export function generateCredential(): AccessKeyCredential {
  return { accessKey: randomString(UPPER_ALNUM, 20), secretKey: randomString(ALNUM, 40) };
}

export function generateIamUser(overrides: Partial<IamUser> = {}): IamUser {
  return {
    domain: 'csms-emulator',
    domainId: randomHex(16),
    user: 'csms-emulator-user',
    userId: randomHex(16),
    password: randomString(ALNUM, 24),
    ...overrides,
  };
}

export interface CredentialEntry {
  credential: AccessKeyCredential;
  allows: ActionMatcher | null;
  key: HmacSha256Key;
}

interface UserEntry {
  user: IamUser;
  allows: ActionMatcher | null;
}

export class IdentityRegistry {
  private readonly credentials = new Map<string, CredentialEntry>();
  /** The entry `credential()` found last. */
  private last: CredentialEntry | undefined;
  private readonly users = new Map<string, UserEntry>();

  constructor(credentials: readonly AccessKeyCredential[] = [], users: readonly IamUser[] = []) {
    credentials.forEach((c) => this.addCredential(c));
    users.forEach((u) => this.addUser(u));
  }

  addCredential(credential: AccessKeyCredential): void {
    this.last = undefined;
    this.credentials.set(credential.accessKey, {
      credential,
      allows: compileActions(credential.actions),
      key: new HmacSha256Key(credential.secretKey),
    });
  }

  removeCredential(accessKey: string): boolean {
    this.last = undefined;
    return this.credentials.delete(accessKey);
  }

  credential(accessKey: string): CredentialEntry | undefined {
    // Callers sign with the same key request after request: compare with the last one before hashing.
    const last = this.last;
    if (last !== undefined && last.credential.accessKey === accessKey) return last;
    const entry = this.credentials.get(accessKey);
    if (entry !== undefined) this.last = entry;
    return entry;
  }

  listCredentials(): AccessKeyCredential[] {
    return [...this.credentials.values()].map((entry) => entry.credential);
  }

  addUser(user: IamUser): void {
    this.users.set(`${user.domain}\n${user.user}`, { user, allows: compileActions(user.actions) });
  }

  listUsers(): IamUser[] {
    return [...this.users.values()].map((entry) => entry.user);
  }

  /** By domain name or id, and user name or id. */
  findUser(
    domain: { name?: string; id?: string } | undefined,
    user: { name?: string; id?: string },
  ): IamUser | undefined {
    for (const { user: candidate } of this.users.values()) {
      const domainOk = !domain || domain.name === candidate.domain || domain.id === candidate.domainId;
      const userOk = user.name === candidate.user || user.id === candidate.userId;
      if (domainOk && userOk && (user.name === undefined || domain !== undefined || user.id !== undefined))
        return candidate;
    }
    return undefined;
  }
}
