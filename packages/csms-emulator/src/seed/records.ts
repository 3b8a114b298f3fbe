/**
 * History for a seeded project: expiries already past were handled before the emulator started. Each one
 * is marked as notified, and where the secret's event was ENABLED with SECRET_VERSION_EXPIRED, its one
 * record is written at the moment it expired (CSMS keeps records for three months).
 */
import type { ProjectState, StoredNotificationRecord } from '../store/model.js';
import { DAY } from './build.js';

const RETENTION = 90 * DAY;
const iso = (ms: number): string => new Date(ms).toISOString();

export function notificationRecordsFor(project: ProjectState, now: number): StoredNotificationRecord[] {
  const records: StoredNotificationRecord[] = [];
  for (const secret of Object.values(project.secrets)) {
    const event = secret.event_subscriptions[0] ? project.events[secret.event_subscriptions[0]] : undefined;
    const fires = event?.state === 'ENABLED' && event.event_types.includes('SECRET_VERSION_EXPIRED');
    for (const version of secret.versions) {
      const expiry = version.expire_time;
      if (expiry === null || expiry > now) continue;
      version.expiry_notified_for = expiry;
      if (!fires || !event || expiry < now - RETENTION) continue;
      records.push({
        event_name: event.name,
        trigger_event_type: 'SECRET_VERSION_EXPIRED',
        create_time: expiry,
        secret_name: secret.name,
        secret_type: secret.secret_type,
        notification_target_name: event.notification.target_name,
        notification_target_id: event.notification.target_id,
        notification_content: JSON.stringify({
          eventName: event.name,
          eventType: 'SECRET_VERSION_EXPIRED',
          eventTime: iso(expiry),
          data: {
            secretId: secret.id,
            secretName: secret.name,
            createTime: iso(secret.create_time),
            updateTime: iso(secret.update_time),
            versionId: version.id,
            versionExpireTime: iso(expiry),
          },
        }),
        notification_status: 'SUCCESS',
      });
    }
  }
  return records.sort((a, b) => a.create_time - b.create_time);
}
