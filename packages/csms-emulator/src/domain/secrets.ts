/** Secrets: creation with v1 on SYSCURRENT, metadata updates, scheduled deletion and restore. */
import { randomUUID } from 'node:crypto';
import { csms } from '../http/errors.js';
import type { SecretType, StoredSecret } from '../store/model.js';
import type { NewVersionInput } from './versions.js';

export interface NewSecretInput extends Omit<NewVersionInput, 'version_stages'> {
  name: string;
  kms_key_id?: string;
  description?: string;
  secret_type?: SecretType;
  auto_rotation?: boolean;
  rotation_period?: string;
  rotation_config?: string;
  event_subscriptions?: string[];
  enterprise_project_id?: string;
  rotation_func_urn?: string;
}

export interface SecretUpdateInput {
  kms_key_id?: string;
  description?: string;
  auto_rotation?: boolean;
  rotation_period?: string;
  event_subscriptions?: string[];
  rotation_func_urn?: string;
}

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 } as const;

/** `30d`, `12h`, `90m`, `3600s` in milliseconds, or undefined when not that form. */
export function rotationPeriodMs(period: string): number | undefined {
  const m = /^([1-9][0-9]{0,6})([dhms])$/.exec(period);
  return m ? Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS] : undefined;
}

function applyRotation(secret: StoredSecret, now: number): void {
  if (!secret.auto_rotation) {
    delete secret.next_rotation_time;
    return;
  }
  if (!secret.rotation_period)
    throw csms.invalidParameter('rotation_period is required when auto_rotation is true');
  secret.next_rotation_time = now + (rotationPeriodMs(secret.rotation_period) ?? 0);
}

export function newSecret(input: NewSecretInput, now: number, defaultKmsKeyId: string): StoredSecret {
  const type = input.secret_type ?? 'COMMON';
  if (type !== 'COMMON' && !input.rotation_config)
    throw csms.invalidParameter(`rotation_config is required for secret_type ${type}`);
  const kmsKeyId = input.kms_key_id ?? defaultKmsKeyId;
  const secret: StoredSecret = {
    id: randomUUID(),
    name: input.name,
    state: 'ENABLED',
    kms_key_id: kmsKeyId,
    description: input.description ?? '',
    create_time: now,
    update_time: now,
    scheduled_delete_time: null,
    secret_type: type,
    auto_rotation: input.auto_rotation ?? false,
    event_subscriptions: input.event_subscriptions ?? [],
    enterprise_project_id: input.enterprise_project_id ?? '0',
    versions: [
      {
        id: 'v1',
        create_time: now,
        expire_time: input.expire_time ?? null,
        kms_key_id: kmsKeyId,
        ...(input.secret_binary !== undefined
          ? { secret_binary: input.secret_binary }
          : { secret_string: input.secret_string ?? '' }),
        expiry_notified_for: null,
      },
    ],
    next_version: 2,
    stages: { SYSCURRENT: { version_id: 'v1', update_time: now } },
  };
  if (input.rotation_period !== undefined) secret.rotation_period = input.rotation_period;
  if (input.rotation_config !== undefined) secret.rotation_config = input.rotation_config;
  if (input.rotation_func_urn !== undefined) secret.rotation_func_urn = input.rotation_func_urn;
  applyRotation(secret, now);
  return secret;
}

export function updatedSecret(secret: StoredSecret, input: SecretUpdateInput, now: number): StoredSecret {
  const next = structuredClone(secret);
  if (input.kms_key_id !== undefined) next.kms_key_id = input.kms_key_id;
  if (input.description !== undefined) next.description = input.description;
  if (input.auto_rotation !== undefined) next.auto_rotation = input.auto_rotation;
  if (input.rotation_period !== undefined) next.rotation_period = input.rotation_period;
  if (input.event_subscriptions !== undefined) next.event_subscriptions = input.event_subscriptions;
  if (input.rotation_func_urn !== undefined) next.rotation_func_urn = input.rotation_func_urn;
  if (input.auto_rotation !== undefined || input.rotation_period !== undefined) applyRotation(next, now);
  next.update_time = now;
  return next;
}

export function scheduledForDeletion(secret: StoredSecret, days: number, now: number): StoredSecret {
  if (secret.state === 'PENDING_DELETE') throw csms.alreadyPendingDelete();
  const next = structuredClone(secret);
  next.state = 'PENDING_DELETE';
  next.scheduled_delete_time = now + days * 86_400_000;
  next.update_time = now;
  return next;
}

export function restored(secret: StoredSecret, now: number): StoredSecret {
  if (secret.state !== 'PENDING_DELETE') throw csms.notPendingDelete();
  const next = structuredClone(secret);
  next.state = 'ENABLED';
  next.scheduled_delete_time = null;
  next.update_time = now;
  return next;
}
