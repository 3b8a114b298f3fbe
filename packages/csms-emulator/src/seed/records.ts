/**
 * History for a seeded project: expiries already past were handled before the emulator started. Each one
 * is marked as notified, and where the secret's event was ENABLED with SECRET_VERSION_EXPIRED, its one
 * record is written at the moment it expired (CSMS keeps records for three months).
 */
import { firingEvent, versionRecord } from '../domain/notifications.js';
import type { ProjectState, StoredNotificationRecord } from '../store/model.js';
import { DAY } from './build.js';

const RETENTION = 90 * DAY;

export function notificationRecordsFor(project: ProjectState, now: number): StoredNotificationRecord[] {
  const records: StoredNotificationRecord[] = [];
  for (const secret of Object.values(project.secrets)) {
    const event = firingEvent(project, secret, 'SECRET_VERSION_EXPIRED');
    for (const version of secret.versions) {
      const expiry = version.expire_time;
      if (expiry === null || expiry > now) continue;
      version.expiry_notified_for = expiry;
      if (event && expiry >= now - RETENTION)
        records.push(versionRecord('SECRET_VERSION_EXPIRED', event, secret, version, expiry));
    }
  }
  return records.sort((a, b) => a.create_time - b.create_time);
}
