/** IAM tokens: opaque random strings, valid 24 h by the emulator clock, kept in the store (and data file). */
import { randomBytes } from 'node:crypto';
import type { IamUser, StoredToken } from '../store/model.js';
import type { Store } from '../store/store.js';

export const TOKEN_TTL_MS = 24 * 3_600_000;

/** `MII…` like real IAM tokens, 131 characters of base64url. */
const newTokenString = (): string => `MII${randomBytes(96).toString('base64url')}`;

export function issueToken(
  store: Store,
  user: IamUser,
  projectId: string,
  now: number,
): { token: string; record: StoredToken } {
  const token = newTokenString();
  const record: StoredToken = {
    user_id: user.userId,
    user_name: user.user,
    domain_id: user.domainId,
    domain_name: user.domain,
    project_id: projectId,
    issued_at: now,
    expires_at: now + TOKEN_TTL_MS,
    actions: user.actions ?? null,
  };
  store.commit([{ kind: 'token', token, value: record }]);
  return { token, record };
}
