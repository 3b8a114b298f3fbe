/**
 * When this tab expects the session to end, on the browser's clock. The BFF's answers with the session's
 * times (sign-in, `/bff/user`, `/bff/session`, keepalive) set it; every other successful request moves the
 * idle end on (the BFF reset its idle timer then: lib/api-client.ts `onSessionUse`). It is an estimate for
 * this tab only: another tab's requests extend the same session unseen, so the warning asks the server
 * (`GET /bff/session`, which does not extend it) before it shows or signs anyone out.
 */
import type { SessionTimes } from '@csms-console/api-contract';

export interface SessionDeadline {
  /** When the session idles out unless used again (browser clock, ms). */
  idleAt: number;
  /** When it ends however busy it is (browser clock, ms). */
  absoluteAt: number;
  idleTimeoutMs: number;
}

/** How long before the end the warning shows: 2 minutes, or half the idle timeout when that is shorter. */
export const WARNING_LEAD_MS = 120_000;

export function warningLeadMs(deadline: SessionDeadline): number {
  return Math.min(WARNING_LEAD_MS, deadline.idleTimeoutMs / 2);
}

/** The earlier of the two ends. */
export function endsAt(deadline: SessionDeadline): number {
  return Math.min(deadline.idleAt, deadline.absoluteAt);
}

export function warnAt(deadline: SessionDeadline): number {
  return endsAt(deadline) - warningLeadMs(deadline);
}

/** The absolute limit ends the session first: staying signed in cannot help. */
export function endsAbsolutely(deadline: SessionDeadline): boolean {
  return deadline.absoluteAt <= deadline.idleAt;
}

let current: SessionDeadline | null = null;
const listeners = new Set<() => void>();

function set(next: SessionDeadline | null): void {
  if (
    next === current ||
    (next &&
      current &&
      next.idleAt === current.idleAt &&
      next.absoluteAt === current.absoluteAt &&
      next.idleTimeoutMs === current.idleTimeoutMs)
  )
    return;
  current = next;
  for (const listener of listeners) listener();
}

export function sessionDeadline(): SessionDeadline | null {
  return current;
}

export function subscribeSessionDeadline(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** A BFF answer with the session's times, received at `receivedAt` (browser clock). */
export function recordSessionTimes(times: SessionTimes, receivedAt: number = Date.now()): void {
  // Server instants to browser ones; the answer's travel time makes the ends a little later than the
  // server's, which the check before warning or signing out corrects.
  const offset = receivedAt - times.server_time;
  set({
    idleAt: times.idle_expires_at + offset,
    absoluteAt: times.absolute_expires_at + offset,
    idleTimeoutMs: times.idle_timeout_s * 1000,
  });
}

/**
 * A request sent at `sentAt` (browser clock) counted as use. The BFF records use at most once a second, so
 * the idle end is taken from a second before the request left: never later than the server's.
 */
export function recordSessionUse(sentAt: number): void {
  if (!current) return;
  const idleAt = Math.min(
    Math.max(current.idleAt, sentAt - 1000 + current.idleTimeoutMs),
    current.absoluteAt,
  );
  set({ ...current, idleAt });
}

/** Signed out: nothing to count down to. */
export function clearSessionDeadline(): void {
  set(null);
}
