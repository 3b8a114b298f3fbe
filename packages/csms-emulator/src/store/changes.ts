/**
 * A mutation of the persisted document, as a value: what the journal records and replays. Each change
 * replaces one whole entity (or appends one record), so applying a journal entry is deterministic.
 */
import {
  emptyProject,
  type PersistedDocument,
  type ProjectState,
  type StoredEvent,
  type StoredNotificationRecord,
  type StoredSecret,
  type StoredToken,
} from './model.js';
import { deleteOwn, getOwn, setOwn } from './own.js';

export type Change =
  | { kind: 'secret'; project: string; name: string; value: StoredSecret | null }
  | { kind: 'event'; project: string; name: string; value: StoredEvent | null }
  | { kind: 'record'; project: string; value: StoredNotificationRecord }
  | { kind: 'token'; token: string; value: StoredToken | null };

function projectOf(doc: PersistedDocument, id: string): ProjectState {
  let project = getOwn(doc.state.projects, id);
  if (!project) {
    project = emptyProject();
    setOwn(doc.state.projects, id, project);
  }
  return project;
}

export function applyChange(doc: PersistedDocument, change: Change): void {
  switch (change.kind) {
    case 'secret': {
      const secrets = projectOf(doc, change.project).secrets;
      if (change.value) setOwn(secrets, change.name, change.value);
      else deleteOwn(secrets, change.name);
      return;
    }
    case 'event': {
      const events = projectOf(doc, change.project).events;
      if (change.value) setOwn(events, change.name, change.value);
      else deleteOwn(events, change.name);
      return;
    }
    case 'record':
      projectOf(doc, change.project).records.push(change.value);
      return;
    case 'token':
      if (change.value) setOwn(doc.tokens, change.token, change.value);
      else deleteOwn(doc.tokens, change.token);
      return;
  }
}
