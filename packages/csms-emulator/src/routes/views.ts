/** Wire views of stored entities: exactly the fields the real service returns, never a value except where noted. */
import { stagesByVersion } from '../domain/versions.js';
import type { StoredEvent, StoredSecret, StoredStage, StoredVersion } from '../store/model.js';

export function secretView(s: StoredSecret): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: s.id,
    name: s.name,
    state: s.state,
    kms_key_id: s.kms_key_id,
    description: s.description,
    create_time: s.create_time,
    update_time: s.update_time,
    scheduled_delete_time: s.scheduled_delete_time,
    secret_type: s.secret_type,
    auto_rotation: s.auto_rotation,
  };
  if (s.rotation_period !== undefined) view.rotation_period = s.rotation_period;
  if (s.rotation_config !== undefined) view.rotation_config = s.rotation_config;
  if (s.rotation_time !== undefined) view.rotation_time = s.rotation_time;
  if (s.next_rotation_time !== undefined) view.next_rotation_time = s.next_rotation_time;
  view.event_subscriptions = s.event_subscriptions;
  view.enterprise_project_id = s.enterprise_project_id;
  if (s.rotation_func_urn !== undefined) view.rotation_func_urn = s.rotation_func_urn;
  return view;
}

/** VersionMetadata. `expire_time` is omitted while a version has none. */
export function versionMetadataView(
  secret: StoredSecret,
  v: StoredVersion,
  stages: ReadonlyMap<string, string[]> = stagesByVersion(secret),
): Record<string, unknown> {
  const view: Record<string, unknown> = { id: v.id, create_time: v.create_time };
  if (v.expire_time !== null) view.expire_time = v.expire_time;
  view.kms_key_id = v.kms_key_id;
  view.secret_name = secret.name;
  view.version_stages = stages.get(v.id) ?? [];
  return view;
}

/** ShowSecretVersion only: the metadata plus the value. */
export function versionView(secret: StoredSecret, v: StoredVersion): Record<string, unknown> {
  const view: Record<string, unknown> = { version_metadata: versionMetadataView(secret, v) };
  if (v.secret_binary !== undefined) view.secret_binary = v.secret_binary;
  else view.secret_string = v.secret_string ?? '';
  return view;
}

export const stageView = (
  secret: StoredSecret,
  name: string,
  stage: StoredStage,
): Record<string, unknown> => ({
  name,
  update_time: stage.update_time,
  secret_name: secret.name,
  version_id: stage.version_id,
});

export const eventView = (e: StoredEvent): Record<string, unknown> => ({
  name: e.name,
  event_id: e.event_id,
  event_types: e.event_types,
  state: e.state,
  create_time: e.create_time,
  update_time: e.update_time,
  notification: e.notification,
});
