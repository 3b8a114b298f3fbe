/**
 * Changing a version's expiry, the one write the BFF makes (docs/security.md A2, U1, U2, §1.11 idempotency):
 *   1. the caller's role bounds and the reason (`REQUIRE_REASON`), before anything is read or sent;
 *   2. a fresh read of the secret and the version (state, eligibility, the value the editor saw, and the
 *      typed confirmation for pulling the live version's expiry, decided on the stages CSMS holds);
 *   3. the audit intent, committed first: if it cannot be written, CSMS is not called (fail closed);
 *   4. UpdateVersion; after an ambiguous failure the version is read back before anything is reported;
 *   5. the audit outcome.
 * An intent whose outcome could not be established stays open for the reconciler. Each intent gets at most one
 * outcome, whichever of this path and a reconciler (in any replica) writes first; the store enforces it.
 */
import { randomUUID } from 'node:crypto';
import {
  normalizeReason,
  type AuditEntry,
  type UpdateExpiryInput,
  type UpdateExpiryResult,
  type Version,
  type VersionPath,
} from '@csms-console/api-contract';
import type { CsmsClient } from '@csms-console/csms-client';
import type { Logger } from 'pino';
import type { ExpiryPolicyConfig } from '../../config/config.js';
import { AppError } from '../../errors.js';
import type { Metrics } from '../../metrics.js';
import {
  checkAgainstCurrent,
  checkConfirmation,
  checkReason,
  checkRequestedValue,
  policyFor,
  type Verdict,
} from '../../policy/expiry-policy.js';
import { IntentSettledError, type AuditStore, type NewAuditEntry, type User } from '../../store/types.js';
import { together } from '../../upstream/together.js';
import type { Pool, Upstream } from '../../upstream/types.js';
import { toVersion } from '../../mapping/csms.js';

export interface WriteContext {
  user: User;
  audit: Pick<NewAuditEntry, 'actor' | 'session_hash' | 'client_ip' | 'user_agent' | 'request_id'>;
  signal: AbortSignal;
  /** A batch item (issue 11): its audit rows carry `details.batch_id` / `batch_item`; calls go on `pool`. */
  batch?: {
    id: string;
    item: number;
    pool: Pool;
    onIntent?: (intentId: string) => void;
    onOutcome?: (row: AuditEntry) => void;
    /**
     * A slot among the batch's CSMS calls in flight: held for each read call, and from the item's intent
     * until its outcome is known (PUT, read-back), so an open intent is always a call in flight.
     */
    slot?: CallSlot;
  };
}

/** Waits for a slot among a batch's calls in flight; the function returned gives it back (features/batches). */
export type CallSlot = () => Promise<() => void>;

const noSlot: CallSlot = () => Promise.resolve(() => undefined);

async function inSlot<T>(slot: CallSlot, call: () => Promise<T>): Promise<T> {
  const release = await slot();
  try {
    return await call();
  } finally {
    release();
  }
}

/** A fresh read of one secret and its versions (re-read before the write, docs/security.md A2). */
export interface SecretSnapshot {
  secret: Awaited<ReturnType<CsmsClient['showSecret']>>;
  versions: ReadonlyMap<string, Version>;
}

export interface VersionsDeps {
  upstream: Upstream;
  audit: AuditStore;
  policy: ExpiryPolicyConfig;
  metrics: Metrics;
  logger: Logger;
  now: () => number;
}

/** How long a reconciler holds an intent: well over one CSMS read (15 s deadline) and one audit append. */
export const RECONCILE_LEASE_MS = 2 * 60_000;

/** CSMS keeps whole seconds. */
export const sameSecond = (a: number | null, b: number | null) =>
  a === null || b === null ? a === b : Math.floor(a / 1000) === Math.floor(b / 1000);

/** Failures after which the PUT may or may not have been applied. */
function isAmbiguous(error: unknown): boolean {
  if (!(error instanceof AppError)) return true;
  if (error.details?.breaker === 'open') return false;
  return [
    'upstream_timeout',
    'upstream_unavailable',
    'upstream_error',
    'upstream_invalid_response',
    'shutting_down',
  ].includes(error.code);
}

function refuse(verdict: Verdict): void {
  if (verdict.ok) return;
  throw new AppError(
    verdict.code === 'expiry_out_of_bounds' ||
      verdict.code === 'confirmation_required' ||
      verdict.code === 'reason_required'
      ? 422
      : 403,
    verdict.code,
    verdict.message,
    verdict.details,
  );
}

export class VersionsService {
  /** This process's name on the intents it claims (never stored in the audit log). */
  readonly #owner = randomUUID();

  constructor(private readonly deps: VersionsDeps) {}

  /** Reads the secret and its versions (one call each, in parallel): the state every check is decided on. */
  async readSecret(
    account: string,
    secret: string,
    signal: AbortSignal,
    pool: Pool = 'interactive',
    slot: CallSlot = noSlot,
  ): Promise<SecretSnapshot> {
    const { upstream } = this.deps;
    const [shown, page] = await together<
      [Awaited<ReturnType<CsmsClient['showSecret']>>, Awaited<ReturnType<CsmsClient['listSecretVersions']>>]
    >(
      signal,
      (s) =>
        [
          inSlot(slot, () =>
            upstream.call(account, 'ShowSecret', (c, cs) => c.showSecret(secret, { signal: cs }), {
              signal: s,
              pool,
            }),
          ),
          inSlot(slot, () =>
            upstream.call(
              account,
              'ListSecretVersions',
              (c, cs) => c.listSecretVersions(secret, { limit: 100, signal: cs }),
              { signal: s, pool },
            ),
          ),
        ] as const,
    );
    return { secret: shown, versions: new Map(page.version_metadatas.map((v) => [v.id, toVersion(v)])) };
  }

  /** 422 `reason_required` unless the reason passes `REQUIRE_REASON`: a single change, or a whole batch. */
  checkReason(ctx: Pick<WriteContext, 'user'>, reason: string | undefined): void {
    refuse(checkReason(policyFor(ctx.user.role, this.deps.policy), reason));
  }

  /**
   * Every check before a write, against `snapshot` (a fresh read): role bounds, state, eligibility, the value
   * the editor saw, the typed confirmation. Throws the refusal; returns the version as CSMS holds it. A batch's
   * dry run is exactly this.
   */
  check(ctx: WriteContext, path: VersionPath, input: UpdateExpiryInput, snapshot: SecretSnapshot): Version {
    const { now } = this.deps;
    const policy = policyFor(ctx.user.role, this.deps.policy);
    refuse(checkRequestedValue(policy, input.expire_time, now()));
    const { secret } = snapshot;
    const current = snapshot.versions.get(path.version);
    if (!current) throw new AppError(404, 'version_not_found', `The secret has no version ${path.version}.`);
    if (secret.state !== 'ENABLED') {
      throw new AppError(
        409,
        'secret_not_enabled',
        `The secret is ${secret.state}; CSMS only changes versions of ENABLED secrets.`,
        {
          state: secret.state,
        },
      );
    }
    refuse(checkAgainstCurrent(policy, current.expire_time, input.expire_time, now()));
    if (!sameSecond(current.expire_time, input.expected_expire_time)) {
      throw new AppError(
        409,
        'expire_time_changed',
        'Someone changed this expiry since you loaded it. Review the current value and try again.',
        {
          current_expire_time: current.expire_time,
        },
      );
    }
    // After the 409: a client that saw another value reviews again anyway. Before the intent: a refused
    // change writes no audit row and reaches no CSMS write.
    refuse(
      checkConfirmation(
        { stages: current.version_stages, current: current.expire_time },
        secret.name,
        input.expire_time,
        input.confirm,
        now(),
      ),
    );
    return current;
  }

  /**
   * One change. `snapshot`: a batch read the secret once for all its items on it, just before; without it,
   * the secret is read here (the role's value bounds and the reason are checked first, so a refused change
   * costs no read). A batch item carries its batch's reason, checked again here like any change's.
   */
  async updateExpiry(
    ctx: WriteContext,
    path: VersionPath,
    input: UpdateExpiryInput,
    snapshot?: SecretSnapshot,
  ): Promise<UpdateExpiryResult> {
    const { upstream } = this.deps;
    upstream.assertAccount(path.account);
    const pool = ctx.batch?.pool ?? 'interactive';
    const policy = policyFor(ctx.user.role, this.deps.policy);
    if (!snapshot) refuse(checkRequestedValue(policy, input.expire_time, this.deps.now()));
    this.checkReason(ctx, input.reason);
    if (!snapshot) {
      snapshot = await this.readSecret(path.account, path.secret, ctx.signal, pool, ctx.batch?.slot);
    }
    const current = this.check(ctx, path, input, snapshot);
    const release = await (ctx.batch?.slot ?? noSlot)();
    try {
      return await this.#send(ctx, path, input, current, release);
    } finally {
      release();
    }
  }

  /** Steps 3-5: intent, UpdateVersion (read back if ambiguous), outcome; `release` once the call is over. */
  async #send(
    ctx: WriteContext,
    path: VersionPath,
    input: UpdateExpiryInput,
    current: Version,
    release: () => void,
  ): Promise<UpdateExpiryResult> {
    const { upstream } = this.deps;
    const pool = ctx.batch?.pool ?? 'interactive';
    const batchRef = ctx.batch ? { batch_id: ctx.batch.id, batch_item: ctx.batch.item } : undefined;

    const target = {
      account: path.account,
      project_id: this.#projectId(path.account),
      secret: path.secret,
      version: path.version,
    };
    const reason = normalizeReason(input.reason) ?? null;
    const base = { ...ctx.audit, target, action: 'version.update' as const, reason };
    let intentId: string;
    try {
      const intent = await this.deps.audit.append({
        ...base,
        outcome: 'intent',
        before: { expire_time: current.expire_time },
        after: { expire_time: input.expire_time },
        ...(batchRef && { details: batchRef }),
      });
      intentId = intent.id;
      ctx.batch?.onIntent?.(intentId);
    } catch (cause) {
      this.deps.metrics.auditWriteFailures.inc();
      this.deps.logger.error(
        { err: cause, requestId: ctx.audit.request_id },
        'audit intent could not be written; change refused',
      );
      throw new AppError(
        503,
        'audit_unavailable',
        'The change was not made: the audit log cannot be written right now.',
        undefined,
        undefined,
        { cause },
      );
    }
    const outcome = async (entry: Partial<NewAuditEntry> & Pick<NewAuditEntry, 'outcome'>) => {
      release(); // the outcome is known: another item's call may go while this row is written
      try {
        const row = await this.deps.audit.append({
          ...base,
          intent_id: intentId,
          before: { expire_time: current.expire_time },
          ...entry,
          ...((batchRef || entry.details) && { details: { ...entry.details, ...batchRef } }),
        });
        ctx.batch?.onOutcome?.(row);
        return row.id;
      } catch (cause) {
        if (cause instanceof IntentSettledError) {
          // A reconciler settled it first (this request outlived its 2 minutes); its row stands.
          this.deps.logger.info({ requestId: ctx.audit.request_id, intentId }, 'intent already settled');
          return intentId;
        }
        this.deps.metrics.auditWriteFailures.inc();
        this.deps.logger.error(
          { err: cause, requestId: ctx.audit.request_id, intentId },
          'audit outcome could not be written; left to the reconciler',
        );
        return intentId;
      }
    };

    try {
      const updated = await upstream.call(
        path.account,
        'UpdateVersion',
        (c, s) => c.updateVersion(path.secret, path.version, input.expire_time, { signal: s }),
        { signal: ctx.signal, notFound: 'version_not_found', pool },
      );
      const version = toVersion(updated);
      const auditId = await outcome({
        outcome: 'success',
        after: { expire_time: version.expire_time },
        csms_request_id: updated.$metadata.requestId ?? null,
      });
      return { version, audit_id: auditId };
    } catch (error) {
      const facts = error instanceof AppError ? (error.details ?? {}) : {};
      const failed = {
        csms_request_id: (facts.csms_request_id as string | undefined) ?? null,
        csms_error_code:
          (facts.csms_error_code as string | undefined) ??
          (error instanceof AppError ? error.code : 'internal_error'),
      };
      if (!isAmbiguous(error)) {
        await outcome({
          outcome: 'failure',
          ...failed,
          details: {
            sent: error instanceof AppError && error.code !== 'upstream_busy' && facts.breaker !== 'open',
          },
        });
        throw error;
      }
      let observed: Version;
      try {
        observed = await this.#readVersion(path, new AbortController().signal, pool);
      } catch {
        throw error; // Unknown: the intent stays open and the reconciler settles it.
      }
      if (sameSecond(observed.expire_time, input.expire_time)) {
        const auditId = await outcome({
          outcome: 'success',
          after: { expire_time: observed.expire_time },
          ...failed,
          details: { confirmed_by: 'read_back' },
        });
        return { version: observed, audit_id: auditId };
      }
      await outcome({
        outcome: 'failure',
        after: { expire_time: observed.expire_time },
        ...failed,
        details: { confirmed_by: 'read_back', applied: false },
      });
      throw error;
    }
  }

  /**
   * Settles intents that never got an outcome (a crash, or a read-back that failed): docs/security.md U4. Every
   * replica runs this; each intent is claimed first, so only one of them reads CSMS and appends the outcome.
   */
  async reconcile(olderThan: number): Promise<number> {
    let settled = 0;
    for (const intent of await this.deps.audit.pendingIntents(olderThan)) {
      if (await this.settleIntent(intent)) settled++;
    }
    return settled;
  }

  /**
   * Settles one open intent: claims it, reads what CSMS holds, appends the `reconciled` outcome (carrying a
   * batch item's reference). Returns that row; undefined when another process holds or settled it, or the
   * read failed (the claim is given back, so a later run retries).
   */
  async settleIntent(intent: AuditEntry): Promise<AuditEntry | undefined> {
    const { audit } = this.deps;
    const { account, secret, version } = intent.target;
    if (!account || !secret || !version) return undefined;
    if (!(await audit.claimIntent(intent.id, this.#owner, this.deps.now(), RECONCILE_LEASE_MS)))
      return undefined;
    try {
      const observed = await this.#readVersion(
        { account, secret, version },
        new AbortController().signal,
        'scan',
      );
      const requested = (intent.after?.expire_time as number | null | undefined) ?? null;
      const batchRef =
        intent.details && 'batch_id' in intent.details
          ? { batch_id: intent.details.batch_id, batch_item: intent.details.batch_item }
          : undefined;
      return await audit.append({
        action: 'version.update',
        outcome: 'reconciled',
        intent_id: intent.id,
        actor: intent.actor,
        target: intent.target,
        reason: intent.reason,
        before: intent.before,
        after: { expire_time: observed.expire_time },
        details: {
          applied: sameSecond(observed.expire_time, requested),
          requested_expire_time: requested,
          ...batchRef,
        },
      });
    } catch (error) {
      if (error instanceof IntentSettledError) return undefined; // settled meanwhile (a late request path)
      this.deps.logger.warn(
        { err: error, intentId: intent.id },
        'reconciler could not settle an intent; will retry',
      );
      await audit.releaseIntent(intent.id, this.#owner).catch(() => undefined); // else the lease runs out
      return undefined;
    }
  }

  async #readVersion(
    path: VersionPath,
    signal: AbortSignal,
    pool: 'interactive' | 'scan' = 'interactive',
  ): Promise<Version> {
    const page = await this.deps.upstream.call(
      path.account,
      'ListSecretVersions',
      (c, s) => c.listSecretVersions(path.secret, { limit: 100, signal: s }),
      { signal, pool },
    );
    const found = page.version_metadatas.find((v) => v.id === path.version);
    if (!found) throw new AppError(404, 'version_not_found', `The secret has no version ${path.version}.`);
    return toVersion(found);
  }

  #projectId(account: string): string | null {
    return this.deps.upstream.accounts().find((a) => a.name === account)?.project_id ?? null;
  }
}
