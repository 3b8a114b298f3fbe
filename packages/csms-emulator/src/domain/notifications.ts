/**
 * Notification records (docs/csms-api.md §9): written when a subscribed, ENABLED event includes the type that
 * happened. `notification_content` is a JSON string with ISO-8601 times, unlike the epoch ms everywhere else.
 */
import type {
  EventType,
  ProjectState,
  StoredEvent,
  StoredNotificationRecord,
  StoredSecret,
  StoredVersion,
} from '../store/model.js';
import { getOwn } from '../store/own.js';

const iso = (ms: number): string => new Date(ms).toISOString();

/** The secret's subscribed event when it is ENABLED and fires on `type`. */
export function firingEvent(
  project: ProjectState,
  secret: StoredSecret,
  type: EventType,
): StoredEvent | undefined {
  const name = secret.event_subscriptions[0];
  const event = name === undefined ? undefined : getOwn(project.events, name);
  return event?.state === 'ENABLED' && event.event_types.includes(type) ? event : undefined;
}

export function versionRecord(
  type: Extract<EventType, 'SECRET_VERSION_EXPIRED' | 'SECRET_VERSION_CREATED'>,
  event: StoredEvent,
  secret: StoredSecret,
  version: StoredVersion,
  at: number,
): StoredNotificationRecord {
  const data: Record<string, string> = {
    secretId: secret.id,
    secretName: secret.name,
    createTime: iso(secret.create_time),
    updateTime: iso(secret.update_time),
    versionId: version.id,
  };
  if (version.expire_time !== null) data.versionExpireTime = iso(version.expire_time);
  return {
    event_name: event.name,
    trigger_event_type: type,
    create_time: at,
    secret_name: secret.name,
    secret_type: secret.secret_type,
    notification_target_name: event.notification.target_name,
    notification_target_id: event.notification.target_id,
    notification_content: JSON.stringify({
      eventName: event.name,
      eventType: type,
      eventTime: iso(at),
      data,
    }),
    notification_status: 'SUCCESS',
  };
}
