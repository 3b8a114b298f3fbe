/** Builders for seeded secrets: versions numbered v1.., SYSCURRENT on the newest, SYSPREVIOUS on the one before. */
import type { SecretState, SecretType, StoredSecret, StoredVersion } from '../store/model.js';
import type { Random } from './random.js';

export const SECOND = 1000;
export const HOUR = 3_600 * SECOND;
export const DAY = 24 * HOUR;

/** Whole seconds, as CSMS keeps them. */
export const toSecond = (ms: number): number => Math.floor(ms / SECOND) * SECOND;

export interface VersionPlan {
  /** Absolute expiry in ms (rounded to the second, and never before the version's creation), or null. */
  expireTime: number | null;
  /** Extra custom stages to place on this version. */
  stages?: string[];
}

export interface SecretPlan {
  name: string;
  state: SecretState;
  type?: SecretType;
  description: string;
  /** Oldest first; the last one becomes SYSCURRENT, the one before SYSPREVIOUS. */
  versions: VersionPlan[];
  eventSubscription?: string;
  /** Leave the version before SYSCURRENT without SYSPREVIOUS (e.g. after a stage was moved). */
  noPrevious?: boolean;
}

export function buildSecret(plan: SecretPlan, random: Random, now: number): StoredSecret {
  const kmsKeyId = random.hex(32);
  const count = plan.versions.length;
  // Versions were created at a steady cadence ending a few days ago, oldest first.
  const cadence = random.int(7, 45) * DAY;
  const newest = toSecond(now - random.int(1, 20) * DAY - random.int(0, 86_399) * SECOND);
  const created = (i: number): number => newest - (count - 1 - i) * cadence;
  const versions: StoredVersion[] = plan.versions.map((v, i) => ({
    id: `v${i + 1}`,
    create_time: created(i),
    expire_time: v.expireTime === null ? null : toSecond(Math.max(v.expireTime, created(i) + HOUR)),
    kms_key_id: kmsKeyId,
    secret_string: `demo-only-value-${random.hex(24)}`,
    expiry_notified_for: null,
  }));
  const stages: StoredSecret['stages'] = {};
  const place = (stage: string, index: number): void => {
    stages[stage] = { version_id: `v${index + 1}`, update_time: created(index) };
  };
  place('SYSCURRENT', count - 1);
  if (count > 1 && !plan.noPrevious) place('SYSPREVIOUS', count - 2);
  plan.versions.forEach((v, i) => v.stages?.forEach((stage) => place(stage, i)));

  const type = plan.type ?? 'COMMON';
  const secret: StoredSecret = {
    id: random.uuid(),
    name: plan.name,
    state: plan.state,
    kms_key_id: kmsKeyId,
    description: plan.description,
    create_time: created(0),
    update_time: newest,
    scheduled_delete_time: plan.state === 'PENDING_DELETE' ? toSecond(now + random.int(3, 29) * DAY) : null,
    secret_type: type,
    auto_rotation: type !== 'COMMON',
    event_subscriptions: plan.eventSubscription ? [plan.eventSubscription] : [],
    enterprise_project_id: '0',
    versions,
    next_version: count + 1,
    stages,
  };
  if (type !== 'COMMON') {
    secret.rotation_period = '30d';
    secret.rotation_config = JSON.stringify({ InstanceId: random.hex(32), SecretSubType: 'SingleUser' });
    secret.rotation_time = newest;
    secret.next_rotation_time = newest + 30 * DAY;
  }
  return secret;
}
