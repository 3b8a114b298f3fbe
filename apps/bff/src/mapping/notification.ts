/**
 * "Will CSMS tell anyone when a version of this secret expires?", decided once for the secret page
 * (`notification.reason`) and the fleet board (`notify`), so the two can never disagree. CSMS notifies
 * through the event a secret subscribes to: the event must exist, be ENABLED and include
 * SECRET_VERSION_EXPIRED; the reason names the first link that is missing. With all of them in place, CSMS's
 * own history has the last word: when the newest record of a version expiry for the secret (under that
 * event) says FAIL or INVALID, its target is not being reached (`records_failing`).
 */
import type { NotificationStatus } from '@csms-console/api-contract';
import type { Event as CsmsEvent } from '@csms-console/csms-client';
import { AppError } from '../errors.js';

export type NotifyReason = NotificationStatus['reason'];

/**
 * The subscribed event as read from CSMS: the event, `missing` when CSMS has no event of that name
 * (ShowSecretEvent answered 404), undefined when the secret subscribes to none.
 */
export type SubscribedEvent = CsmsEvent | 'missing' | undefined;

export const VERSION_EXPIRED = 'SECRET_VERSION_EXPIRED';

/** The event whose settings decide: the first the secret subscribes to (CSMS allows one per secret). */
export function subscribedEventName(secret: { event_subscriptions: readonly string[] }): string | undefined {
  return secret.event_subscriptions[0];
}

/** A CSMS notification record as both the client's and the contract's shapes carry it. */
export interface RecordLike {
  event_name?: string | null;
  trigger_event_type?: string | null;
  create_time?: number | null;
  notification_status?: string | null;
}

const FAILED = new Set(['FAIL', 'INVALID']);

/**
 * `records`: the secret's notification records, any order; undefined when they could not be read (then
 * the answer rests on the event alone).
 */
export function notifyReason(event: SubscribedEvent, records?: readonly RecordLike[]): NotifyReason {
  if (event === undefined) return 'not_subscribed';
  if (event === 'missing') return 'event_missing';
  if (event.state !== 'ENABLED') return 'event_disabled';
  if (!event.event_types.includes(VERSION_EXPIRED)) return 'event_type_missing';
  if (records && newestExpiryFailed(records, event.name)) return 'records_failing';
  return 'ok';
}

/**
 * Whether the newest record of a version expiry sent through `eventName` (a record naming no event counts)
 * says FAIL or INVALID. Records without a time are older than any with one.
 */
export function newestExpiryFailed(records: readonly RecordLike[], eventName: string): boolean {
  let newest: RecordLike | undefined;
  for (const r of records) {
    if (r.trigger_event_type !== VERSION_EXPIRED) continue;
    if (r.event_name != null && r.event_name !== eventName) continue;
    if (newest === undefined || (r.create_time ?? -Infinity) > (newest.create_time ?? -Infinity)) newest = r;
  }
  return newest !== undefined && FAILED.has(newest.notification_status ?? '');
}

/** Reads the subscribed event with `read` (ShowSecretEvent); `missing` when CSMS answers that it has none. */
export async function readSubscribedEvent(read: () => Promise<CsmsEvent>): Promise<CsmsEvent | 'missing'> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof AppError && error.status === 404) return 'missing';
    throw error;
  }
}
