/**
 * One secret as the BFF serves it, at a fixed "now", for component tests: `db-password` in account `acc`
 * with a live version (v5, expires in 30 days) and the previous one (v4, expires in 3 days).
 */
import type {
  ExpiryPolicy,
  SecretDetail,
  SecretState,
  SessionUser,
  Version,
} from '@csms-console/api-contract';
import { supportPolicy } from './expiry-policies';

const DAY = 86_400_000;
/** 14:30:00 in Berlin (UTC+01:00), where the component tests' browser is. */
export const NOW = Date.UTC(2026, 10, 23, 13, 30, 0);
export const BROWSER_ZONE = 'Europe/Berlin';
export const ACCOUNT = 'acc';
export const SECRET = 'db-password';

export const live: Version = {
  id: 'v5',
  create_time: NOW - 100 * DAY,
  expire_time: NOW + 30 * DAY,
  version_stages: ['SYSCURRENT'],
};
export const previous: Version = {
  id: 'v4',
  create_time: NOW - 200 * DAY,
  expire_time: NOW + 3 * DAY,
  version_stages: ['SYSPREVIOUS'],
};
export const versions = [live, previous];

export function secretDetail(state: SecretState = 'ENABLED'): SecretDetail {
  return {
    secret: {
      id: 'sec-1',
      name: SECRET,
      state,
      secret_type: 'COMMON',
      kms_key_id: null,
      description: null,
      create_time: NOW - 300 * DAY,
      update_time: NOW - DAY,
      scheduled_delete_time: null,
      event_subscriptions: [],
    },
    versions,
    notification: { will_notify: false, reason: 'not_subscribed', event: null, records: [] },
    console_notification: { status: 'no_rule', rules: [], channels: [] },
    server_time: NOW,
  };
}

export function sessionUser(policy: ExpiryPolicy): SessionUser {
  const role = policy === supportPolicy ? 'support' : policy.can_edit ? 'admin' : 'auditor';
  return {
    sub: 'u1',
    name: 'Ada',
    role,
    roles: [role],
    auth_method: 'password',
    session_expires_in: 3600,
    session_expires_at: NOW + 3_600_000,
    idle_expires_at: NOW + 3_600_000,
    absolute_expires_at: NOW + 12 * 3_600_000,
    idle_timeout_s: 3600,
    server_time: NOW,
    expiry_policy: policy,
  };
}

/** `2026-11-23 13:35:00 UTC`, how the console writes an instant in UTC (computed here without its code). */
export const utcText = (ms: number) => `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
export const utcDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const utcTime = (ms: number) => new Date(ms).toISOString().slice(11, 19);
