/**
 * CSMS metadata -> the BFF's shapes (docs/security.md V5): each field is copied by name, so anything CSMS adds
 * (a `secret_string`, say) never reaches a browser.
 */
import type { NotificationRecord, SecretSummary, Version } from '@csms-console/api-contract';
import type {
  NotificationRecord as CsmsRecord,
  Secret as CsmsSecret,
  VersionMetadata,
} from '@csms-console/csms-client';

export function toSecretSummary(s: CsmsSecret): SecretSummary {
  return {
    id: s.id,
    name: s.name,
    state: s.state,
    secret_type: s.secret_type ?? null,
    kms_key_id: s.kms_key_id ?? null,
    description: s.description ?? null,
    create_time: s.create_time ?? null,
    update_time: s.update_time ?? null,
    scheduled_delete_time: s.scheduled_delete_time ?? null,
    event_subscriptions: [...s.event_subscriptions],
  };
}

export function toVersion(v: VersionMetadata): Version {
  return {
    id: v.id,
    create_time: v.create_time ?? null,
    expire_time: v.expire_time ?? null,
    version_stages: [...v.version_stages],
  };
}

/** `v2` < `v10`: numeric order of version ids. */
export function byVersionNumber(a: { id: string }, b: { id: string }): number {
  return Number(a.id.slice(1)) - Number(b.id.slice(1));
}

function versionIdOf(content: string | undefined): string | null {
  if (!content) return null;
  try {
    const parsed = JSON.parse(content) as { data?: { versionId?: unknown } };
    const id = parsed?.data?.versionId;
    return typeof id === 'string' && /^v[0-9]{1,10}$/.test(id) ? id : null;
  } catch {
    return null;
  }
}

export function toNotificationRecord(r: CsmsRecord): NotificationRecord {
  return {
    event_name: r.event_name ?? null,
    trigger_event_type: r.trigger_event_type ?? null,
    create_time: r.create_time ?? null,
    notification_status: r.notification_status ?? null,
    notification_target_name: r.notification_target_name ?? null,
    version_id: versionIdOf(r.notification_content),
  };
}
