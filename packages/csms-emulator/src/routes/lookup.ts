/** Finding what a path names, with the not-found answers of docs/csms-api.md §6.3. */
import { firingEvent, versionRecord } from '../domain/notifications.js';
import { csms } from '../http/errors.js';
import type { Change } from '../store/changes.js';
import type { ProjectState, StoredEvent, StoredSecret, StoredVersion } from '../store/model.js';
import { getOwn } from '../store/own.js';

export function requireSecret(project: ProjectState, name: string): StoredSecret {
  const secret = getOwn(project.secrets, name);
  if (!secret) throw csms.secretNotFound();
  return secret;
}

export function requireEvent(project: ProjectState, name: string): StoredEvent {
  const event = getOwn(project.events, name);
  if (!event) throw csms.resourceNotFound(`event ${name}`);
  return event;
}

/** Subscribing to an event needs the event to exist. */
export function requireEventsExist(project: ProjectState, names: readonly string[] | undefined): void {
  for (const name of names ?? []) requireEvent(project, name);
}

/** The SECRET_VERSION_CREATED record, when the secret's event fires on it. */
export function versionCreatedRecords(
  projectId: string,
  project: ProjectState,
  secret: StoredSecret,
  version: StoredVersion,
  now: number,
): Change[] {
  const event = firingEvent(project, secret, 'SECRET_VERSION_CREATED');
  if (!event) return [];
  return [
    {
      kind: 'record',
      project: projectId,
      value: versionRecord('SECRET_VERSION_CREATED', event, secret, version, now),
    },
  ];
}
