/**
 * Sign-in, sign-out and the current user (docs/security.md L1-L4, L6, S3, S5-S8). No `req`/`res` here: the
 * router hands in what it parsed. Failures are generic ("wrong user name or password") whatever the cause,
 * and cost about the same time.
 */
import type { LoginInput, SessionTimes, SessionUser } from '@csms-console/api-contract';
import type { Logger } from 'pino';
import type { Config } from '../../config/config.js';
import { AppError } from '../../errors.js';
import { policyFor } from '../../policy/expiry-policy.js';
import type { SessionSettings } from '../../http/session.js';
import { hashSessionId, sessionEndsAt, startSession } from '../../http/session.js';
import type {
  AuditStore,
  NewAuditEntry,
  SessionRecord,
  SessionStore,
  User,
  UserStore,
} from '../../store/types.js';
import type { LoginThrottle } from './login-throttle.js';
import { hashPassword, needsRehash, verifyPassword } from './passwords.js';

export interface AuthDeps {
  users: UserStore;
  sessions: SessionStore;
  audit: AuditStore;
  throttle: LoginThrottle;
  config: Config;
  now: () => number;
  logger: Logger;
  sleep?: (ms: number) => Promise<void>;
}

export interface ClientMeta {
  ip: string;
  userAgent: string | null;
  requestId: string;
  /** The session cookie's id already present (a pre-auth or older session), discarded at login. */
  previousSessionId: string | undefined;
}

const LOGIN_FAILED = () => new AppError(401, 'login_failed', 'Wrong user name or password.');

export class AuthService {
  constructor(private readonly deps: AuthDeps) {}

  get #settings(): SessionSettings {
    return this.deps.config.session;
  }

  async login(input: LoginInput, meta: ClientMeta): Promise<{ sessionId: string; user: SessionUser }> {
    const { users, sessions, throttle, now } = this.deps;
    const base = this.#auditBase(meta, input.username);
    // Counted before the password is checked (docs/security.md R1), so parallel guesses cannot outrun the limit.
    const attempt = await throttle.begin(input.username, meta.ip);
    if (attempt.refusedUntil !== undefined) {
      await this.#audit({
        ...base,
        action: 'auth.login_failed',
        outcome: 'denied',
        details: { reason: 'throttled' },
      });
      const seconds = Math.max(1, Math.ceil((attempt.refusedUntil - now()) / 1000));
      throw new AppError(
        429,
        'login_throttled',
        `Too many failed sign-ins. Try again in ${Math.ceil(seconds / 60)} minutes.`,
        { retry_after_s: seconds },
        { 'Retry-After': String(seconds) },
      );
    }
    const found = await users.findByName(input.username);
    const ok = await verifyPassword(found?.passwordHash, input.password);
    if (!ok || !found || found.disabled) {
      await throttle.failed(attempt);
      const delay = attempt.failureDelayMs;
      if (delay > 0) await (this.deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))))(delay);
      await this.#audit({
        ...base,
        action: 'auth.login_failed',
        outcome: 'denied',
        details: { reason: 'bad_credentials' },
      });
      throw LOGIN_FAILED();
    }
    await throttle.succeeded(attempt);
    if (needsRehash(found.passwordHash)) {
      await users.setPasswordHash(found.id, await hashPassword(input.password), now());
    }
    // S3/L6: whatever session came in is discarded; the new one gets a fresh id.
    if (meta.previousSessionId !== undefined) await sessions.delete(hashSessionId(meta.previousSessionId));
    const started = await startSession(sessions, this.#settings, {
      user: found,
      now: now(),
      ip: meta.ip,
      userAgent: meta.userAgent,
    });
    const actor = { id: found.id, name: found.name, role: found.role, auth_method: 'password' };
    await this.#audit({
      ...base,
      actor,
      session_hash: started.record.idHash,
      action: 'auth.login',
      outcome: 'ok',
    });
    if (started.revoked > 0) {
      await this.#audit({
        ...base,
        actor,
        action: 'session.revoked',
        outcome: 'ok',
        details: { reason: 'session_limit', revoked: started.revoked },
      });
    }
    return { sessionId: started.id, user: this.describe(found, started.record) };
  }

  async logout(user: User, sessionHash: string, meta: Omit<ClientMeta, 'previousSessionId'>): Promise<void> {
    await this.deps.sessions.delete(sessionHash);
    await this.#audit({
      ...this.#auditBase({ ...meta, previousSessionId: undefined }, user.name),
      actor: { id: user.id, name: user.name, role: user.role, auth_method: 'password' },
      session_hash: sessionHash,
      action: 'auth.logout',
      outcome: 'ok',
    });
  }

  describe(user: User, session: SessionRecord): SessionUser {
    return {
      sub: user.id,
      name: user.name,
      role: user.role,
      roles: [user.role],
      auth_method: 'password',
      ...this.times(session),
      expiry_policy: policyFor(user.role, this.deps.config.policy),
    };
  }

  /** When the session ends (idle, absolute, the earlier of the two), on this server's clock. */
  times(session: SessionRecord): SessionTimes {
    const now = this.deps.now();
    const endsAt = sessionEndsAt(session, this.#settings);
    return {
      session_expires_in: Math.max(0, Math.floor((endsAt - now) / 1000)),
      session_expires_at: endsAt,
      idle_expires_at: session.lastSeenAt + this.#settings.idleMs,
      absolute_expires_at: session.createdAt + this.#settings.absoluteMs,
      idle_timeout_s: Math.floor(this.#settings.idleMs / 1000),
      server_time: now,
    };
  }

  #auditBase(meta: ClientMeta, attemptedName: string): Omit<NewAuditEntry, 'action' | 'outcome'> {
    return {
      actor: { name: attemptedName.slice(0, 64) },
      client_ip: meta.ip,
      user_agent: meta.userAgent,
      request_id: meta.requestId,
    };
  }

  async #audit(entry: NewAuditEntry): Promise<void> {
    try {
      await this.deps.audit.append(entry);
    } catch (error) {
      this.deps.logger.error(
        { err: error, requestId: entry.request_id },
        'audit write failed for a sign-in event',
      );
    }
  }
}
