/**
 * "Will CSMS tell anyone when a version of this secret expires?", decided once for the secret page
 * (`notification.reason`) and the fleet board (`notify`), so the two can never disagree. CSMS notifies
 * through the event a secret subscribes to: the event must exist, be ENABLED and include
 * SECRET_VERSION_EXPIRED; the reason names the first link that is missing.
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

export function notifyReason(event: SubscribedEvent): NotifyReason {
  if (event === undefined) return 'not_subscribed';
  if (event === 'missing') return 'event_missing';
  if (event.state !== 'ENABLED') return 'event_disabled';
  if (!event.event_types.includes(VERSION_EXPIRED)) return 'event_type_missing';
  return 'ok';
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
