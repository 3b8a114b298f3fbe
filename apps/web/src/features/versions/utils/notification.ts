/** The plain answer to "Will anyone be notified when a version expires?", from the BFF's notification status. */
import type { NotificationRecord, NotificationStatus } from '@csms-console/api-contract';

export const VERSION_EXPIRED_EVENT_TYPE = 'SECRET_VERSION_EXPIRED';

export const NOTIFICATION_RULE =
  'Each expiry change arms exactly one "version expired" notification: CSMS sends one event when a ' +
  'version reaches its expiry, and changing the expiry re-arms it once for the new time.';

export interface NotificationAnswer {
  willNotify: boolean;
  /** "Yes" / "No" with the why, in one sentence. */
  answer: string;
  /** What to do about it, when something is missing. */
  fix?: string;
}

function target(event: NonNullable<NotificationStatus['event']>): string {
  if (event.target_name && event.target_type) return `${event.target_type} target "${event.target_name}"`;
  if (event.target_name) return `target "${event.target_name}"`;
  if (event.target_type) return `a ${event.target_type} target`;
  return 'its notification target';
}

/**
 * `subscribed` is the event name the secret itself lists (secret.event_subscriptions[0]), so an event that
 * CSMS no longer has can still be named.
 */
export function notificationAnswer(status: NotificationStatus, subscribed?: string): NotificationAnswer {
  const { event } = status;
  const name = event?.name ?? subscribed;
  const named = name ? `event "${name}"` : 'its event';
  switch (status.reason) {
    case 'ok':
      return {
        willNotify: true,
        answer: event
          ? `Yes. This secret subscribes to ${named} (${event.state ?? 'state unknown'}), which includes ` +
            `${VERSION_EXPIRED_EVENT_TYPE} and notifies ${target(event)}.`
          : `Yes. This secret subscribes to ${named}, which includes ${VERSION_EXPIRED_EVENT_TYPE}.`,
      };
    case 'not_subscribed':
      return {
        willNotify: false,
        answer: 'No. This secret subscribes to no CSMS event, so nobody is told when a version expires.',
        fix: `Subscribe the secret to an enabled event that includes ${VERSION_EXPIRED_EVENT_TYPE} (in CSMS).`,
      };
    case 'event_missing':
      return {
        willNotify: false,
        answer: `No. This secret subscribes to ${named}, but CSMS has no such event.`,
        fix: `Create the event in CSMS with ${VERSION_EXPIRED_EVENT_TYPE}, or subscribe the secret to an existing one.`,
      };
    case 'event_disabled':
      return {
        willNotify: false,
        answer: `No. This secret subscribes to ${named}, but the event is ${event?.state ?? 'DISABLED'}.`,
        fix: 'Enable the event in CSMS.',
      };
    case 'event_type_missing':
      return {
        willNotify: false,
        answer:
          `No. This secret subscribes to ${named} (${event?.state ?? 'state unknown'}), but the event does ` +
          `not include ${VERSION_EXPIRED_EVENT_TYPE}` +
          (event && event.event_types.length > 0 ? ` (it covers ${event.event_types.join(', ')}).` : '.'),
        fix: `Add ${VERSION_EXPIRED_EVENT_TYPE} to the event's types in CSMS.`,
      };
  }
}

/** Newest first; records without a time go last. Does not mutate. */
export function recentRecords(records: readonly NotificationRecord[], limit = 5): NotificationRecord[] {
  return [...records]
    .sort((a, b) => (b.create_time ?? -Infinity) - (a.create_time ?? -Infinity) || 0)
    .slice(0, limit);
}
