/** The plain answer to "Will anyone be notified when a version expires?", from the BFF's notification status. */
import type { NotificationRecord, NotificationStatus } from '@csms-console/api-contract';
import { t } from '../../../lib/i18n';

export const VERSION_EXPIRED_EVENT_TYPE = 'SECRET_VERSION_EXPIRED';

export interface NotificationAnswer {
  willNotify: boolean;
  /** "Yes" / "No" with the why, in one sentence. */
  answer: string;
  /** What to do about it, when something is missing. */
  fix?: string;
}

function target(event: NonNullable<NotificationStatus['event']>): string {
  const { target_name: name, target_type: type } = event;
  if (name && type) return t('versions.notify.target.typeNamed', { type, name });
  if (name) return t('versions.notify.target.named', { name });
  if (type) return t('versions.notify.target.type', { type });
  return t('versions.notify.target.unknown');
}

/**
 * In the active language (call it while rendering). `subscribed` is the event name the secret itself lists
 * (secret.event_subscriptions[0]), so an event that CSMS no longer has can still be named.
 */
export function notificationAnswer(status: NotificationStatus, subscribed?: string): NotificationAnswer {
  const { event } = status;
  const name = event?.name ?? subscribed;
  const named = name ? t('versions.notify.eventNamed', { name }) : t('versions.notify.itsEvent');
  const type = VERSION_EXPIRED_EVENT_TYPE;
  const state = event?.state ?? t('versions.notify.stateUnknown');
  switch (status.reason) {
    case 'ok':
      return {
        willNotify: true,
        answer: event
          ? t('versions.notify.yesNotifies', { event: named, state, type, target: target(event) })
          : t('versions.notify.yes', { event: named, type }),
      };
    case 'not_subscribed':
      return {
        willNotify: false,
        answer: t('versions.notify.notSubscribed'),
        fix: t('versions.notify.fix.notSubscribed', { type }),
      };
    case 'event_missing':
      return {
        willNotify: false,
        answer: t('versions.notify.eventMissing', { event: named }),
        fix: t('versions.notify.fix.eventMissing', { type }),
      };
    case 'event_disabled':
      return {
        willNotify: false,
        answer: t('versions.notify.eventDisabled', { event: named, state: event?.state ?? 'DISABLED' }),
        fix: t('versions.notify.fix.eventDisabled'),
      };
    case 'records_failing':
      return {
        willNotify: false,
        answer: t('versions.notify.recordsFailing', { event: named, state, type }),
        fix: t('versions.notify.fix.recordsFailing'),
      };
    case 'event_type_missing':
      return {
        willNotify: false,
        answer:
          event && event.event_types.length > 0
            ? t('versions.notify.typeMissingCovers', {
                event: named,
                state,
                type,
                types: event.event_types.join(', '),
              })
            : t('versions.notify.typeMissing', { event: named, state, type }),
        fix: t('versions.notify.fix.typeMissing', { type }),
      };
  }
}

/** Newest first; records without a time go last. Does not mutate. */
export function recentRecords(records: readonly NotificationRecord[], limit = 5): NotificationRecord[] {
  return [...records]
    .sort((a, b) => (b.create_time ?? -Infinity) - (a.create_time ?? -Infinity) || 0)
    .slice(0, limit);
}
