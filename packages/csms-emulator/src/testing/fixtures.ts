/** Tiny hand-made project states for tests: exactly the secrets, versions, stages and events a test names. */
import type {
  ProjectState,
  SecretState,
  StoredEvent,
  StoredSecret,
  StoredVersion,
  EventType,
} from '../store/model.js';

export const T0 = Date.UTC(2030, 0, 1, 0, 0, 0);

export interface SecretFixture {
  name: string;
  state?: SecretState;
  /** Number of versions (v1..vN, SYSCURRENT on the newest, SYSPREVIOUS on the one before), default 1. */
  versions?: number;
  /** Expiry per version id. */
  expiries?: Record<string, number>;
  /** Extra stage -> version id. */
  stages?: Record<string, string>;
  event?: string;
}

export function secretFixture(f: SecretFixture, now = T0): StoredSecret {
  const count = f.versions ?? 1;
  const versions: StoredVersion[] = Array.from({ length: count }, (_, i) => ({
    id: `v${i + 1}`,
    create_time: now - (count - i) * 86_400_000,
    expire_time: f.expiries?.[`v${i + 1}`] ?? null,
    kms_key_id: '0'.repeat(32),
    secret_string: `value-${i + 1}`,
    expiry_notified_for: null,
  }));
  const stages: StoredSecret['stages'] = { SYSCURRENT: { version_id: `v${count}`, update_time: now } };
  if (count > 1) stages.SYSPREVIOUS = { version_id: `v${count - 1}`, update_time: now };
  for (const [stage, version] of Object.entries(f.stages ?? {}))
    stages[stage] = { version_id: version, update_time: now };
  return {
    id: '11111111-2222-3333-4444-555555555555',
    name: f.name,
    state: f.state ?? 'ENABLED',
    kms_key_id: '0'.repeat(32),
    description: '',
    create_time: now - 100 * 86_400_000,
    update_time: now - 86_400_000,
    scheduled_delete_time: f.state === 'PENDING_DELETE' ? now + 7 * 86_400_000 : null,
    secret_type: 'COMMON',
    auto_rotation: false,
    event_subscriptions: f.event ? [f.event] : [],
    enterprise_project_id: '0',
    versions,
    next_version: count + 1,
    stages,
  };
}

export function eventFixture(
  name: string,
  types: EventType[] = ['SECRET_VERSION_EXPIRED'],
  state: 'ENABLED' | 'DISABLED' = 'ENABLED',
  now = T0,
): StoredEvent {
  return {
    name,
    event_id: '99999999-8888-7777-6666-555555555555',
    event_types: types,
    state,
    create_time: now,
    update_time: now,
    notification: { target_type: 'SMN', target_id: 'urn:smn:cn-north-4:p:alerts', target_name: 'alerts' },
  };
}

export function projectFixture(secrets: SecretFixture[], events: StoredEvent[] = [], now = T0): ProjectState {
  const project: ProjectState = { secrets: {}, events: {}, records: [] };
  for (const s of secrets) project.secrets[s.name] = secretFixture(s, now);
  for (const e of events) project.events[e.name] = e;
  return project;
}
