/**
 * The first admin without a default password (docs/security.md L4): when the store has no users and the BFF is
 * not in demo mode, it prints a one-time token at start. `POST /bff/bootstrap {token, username, password}`
 * creates the admin once; the token then stops working, as it does after 24 h or once any user exists.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { BootstrapInput } from '@csms-console/api-contract';
import { AppError } from '../../errors.js';
import type { AuditStore, NewAuditEntry, User, UserStore } from '../../store/types.js';
import { hashPassword, passwordProblem } from './passwords.js';

const TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;
const sha256 = (s: string) => createHash('sha256').update(s).digest();

export class Bootstrap {
  #tokenHash: Buffer | undefined;
  #expiresAt = 0;

  constructor(
    private readonly users: UserStore,
    private readonly audit: AuditStore,
    private readonly now: () => number,
  ) {}

  /** A new token when there are no users yet; undefined otherwise. */
  async issue(): Promise<string | undefined> {
    if ((await this.users.count()) > 0) return undefined;
    const token = randomBytes(24).toString('base64url');
    this.#tokenHash = sha256(token);
    this.#expiresAt = this.now() + TOKEN_LIFETIME_MS;
    return token;
  }

  async redeem(
    input: BootstrapInput,
    meta: Pick<NewAuditEntry, 'client_ip' | 'user_agent' | 'request_id'>,
  ): Promise<User> {
    const expected = this.#tokenHash;
    const valid =
      expected !== undefined &&
      this.now() < this.#expiresAt &&
      timingSafeEqual(sha256(input.token), expected);
    if (!valid || (await this.users.count()) > 0) {
      throw new AppError(
        401,
        'unauthenticated',
        'This bootstrap token is not valid (it works once, for 24 hours).',
      );
    }
    const problem = await passwordProblem(input.password, input.username);
    if (problem)
      throw new AppError(400, 'invalid_input', `Invalid body.password: ${problem}.`, {
        issues: [{ location: 'body', path: 'password', message: problem }],
      });
    if (!/^[a-zA-Z0-9._@-]{1,64}$/.test(input.username)) {
      throw new AppError(
        400,
        'invalid_input',
        'Invalid body.username: use 1-64 letters, digits, . _ @ or -.',
      );
    }
    this.#tokenHash = undefined;
    const user = await this.users.create({
      name: input.username,
      role: 'admin',
      passwordHash: await hashPassword(input.password),
      now: this.now(),
    });
    await this.audit.append({
      ...meta,
      action: 'auth.bootstrap',
      outcome: 'ok',
      actor: { id: user.id, name: user.name, role: user.role, auth_method: 'bootstrap_token' },
      details: { created_role: 'admin' },
    });
    return user;
  }
}
