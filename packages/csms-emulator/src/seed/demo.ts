/**
 * The `demo` seed: a realistic project. Named fixtures first (stable names that docs and tests rely on),
 * then generated secrets so every state, type and expiry bucket shows up, all relative to `now`.
 */
import type { ProjectState, SecretState, StoredEvent } from '../store/model.js';
import { DAY, HOUR, buildSecret, toSecond, type SecretPlan, type VersionPlan } from './build.js';
import { notificationRecordsFor } from './records.js';
import { seededRandom, type Random } from './random.js';

export const EXPIRY_EVENT = 'version-expiry-alerts';
const ROTATION_EVENT = 'rotation-audit';
const MUTED_EVENT = 'muted-expiry-alerts';

type Bucket = 'expired' | 'within7' | 'within30' | 'within90' | 'later' | 'none';
const BUCKETS: readonly Bucket[] = ['expired', 'within7', 'within30', 'within90', 'later', 'none'];

function expiryIn(bucket: Bucket, random: Random, now: number): number | null {
  switch (bucket) {
    case 'expired':
      return now - random.int(1, 200 * 24) * HOUR;
    case 'within7':
      return now + random.int(2, 6 * 24) * HOUR;
    case 'within30':
      return now + random.int(8, 29) * DAY + random.int(0, 23) * HOUR;
    case 'within90':
      return now + random.int(31, 89) * DAY + random.int(0, 23) * HOUR;
    case 'later':
      return now + random.int(100, 700) * DAY;
    case 'none':
      return null;
  }
}

const fixed = (now: number, days: number): number => toSecond(now + days * DAY);

function namedFixtures(now: number): SecretPlan[] {
  const v = (days: number | null, stages?: string[]): VersionPlan => ({
    expireTime: days === null ? null : fixed(now, days),
    ...(stages ? { stages } : {}),
  });
  const many = (count: number, last: VersionPlan): VersionPlan[] => [
    ...Array.from({ length: count - 1 }, (_, i) => v(-400 + i * 15)),
    last,
  ];
  return [
    {
      name: 'payments-db-password',
      state: 'ENABLED',
      description: 'PostgreSQL password of the payments service (prod).',
      versions: [v(-120), v(-60), v(-2), v(3), v(60)],
      eventSubscription: EXPIRY_EVENT,
    },
    {
      name: 'orders-api-key',
      state: 'ENABLED',
      description: 'Partner API key used by the orders service.',
      versions: [v(-30), v(-5)],
      eventSubscription: EXPIRY_EVENT,
    },
    {
      name: 'sso-saml-signing-key',
      state: 'ENABLED',
      description: 'SAML signing key of the single sign-on gateway.',
      versions: [v(200), v(5)],
      eventSubscription: MUTED_EVENT,
    },
    {
      name: 'analytics-warehouse-creds',
      state: 'ENABLED',
      description: 'Warehouse credentials; never given an expiry.',
      versions: [v(null), v(null), v(null)],
    },
    {
      name: 'ci-deploy-token',
      state: 'ENABLED',
      description: 'Deploy token rotated by CI on every release; at the 20-version limit.',
      versions: many(20, v(25, ['PENDING'])),
      eventSubscription: EXPIRY_EVENT,
    },
    {
      name: 'feature-flags-signing-key',
      state: 'ENABLED',
      description: 'Signing key for feature-flag payloads; uses all 12 stage labels.',
      versions: [
        v(-10, ['ROLLBACK', 'DR']),
        v(20, ['BLUE', 'CANARY', 'EU', 'US']),
        v(40, ['GREEN', 'APAC', 'AUDIT', 'PENDING']),
        v(90),
      ],
    },
    {
      name: 'legacy-ldap-bind',
      state: 'DISABLED',
      description: 'Bind password of the retired LDAP directory.',
      versions: [v(-300), v(-200), v(-90)],
    },
    {
      name: 'old-billing-token',
      state: 'PENDING_DELETE',
      description: 'Billing token of the decommissioned invoicing system.',
      versions: [v(-40)],
    },
    {
      name: 'frozen-partner-cert',
      state: 'FROZEN',
      description: 'Partner TLS key frozen during an account review.',
      versions: [v(-15), v(45)],
    },
    {
      name: 'rds-orders-primary',
      state: 'ENABLED',
      type: 'RDS-FG',
      description: 'RDS credentials rotated by FunctionGraph.',
      versions: [v(-31), v(-1), v(29)],
      eventSubscription: ROTATION_EVENT,
    },
    {
      name: 'gaussdb-ledger',
      state: 'ENABLED',
      type: 'GaussDB-FG',
      description: 'GaussDB ledger account rotated by FunctionGraph.',
      versions: [v(6)],
    },
    {
      name: 'smtp-relay-password',
      state: 'ENABLED',
      description: 'SMTP relay login; its newest version has no label yet.',
      versions: [v(-20), v(70), v(400)],
      noPrevious: true,
    },
  ];
}

const SERVICES = [
  'checkout', 'inventory', 'search', 'notifications', 'auth', 'reporting', 'crm', 'mobile-push',
  'media', 'gateway', 'ledger', 'kafka', 'redis', 'warehouse', 'support-desk', 'geo', 'pricing', 'identity',
] as const; // prettier-ignore
const ENVIRONMENTS = ['prod', 'staging', 'dev'] as const;
const KINDS = ['db-password', 'api-key', 'tls-private-key', 'oauth-client-secret', 'webhook-secret'] as const;
const CUSTOM_STAGES = ['PENDING', 'CANARY', 'ROLLBACK', 'BLUE', 'GREEN', 'DR'] as const;

function generatedPlans(random: Random, now: number, count: number): SecretPlan[] {
  const plans: SecretPlan[] = [];
  const names = new Set<string>();
  while (plans.length < count) {
    const env = random.pick(ENVIRONMENTS);
    const service = random.pick(SERVICES);
    const kind = random.pick(KINDS);
    const name = `${env}-${service}-${kind}`;
    if (names.has(name)) continue;
    names.add(name);
    const roll = random.next();
    const state: SecretState =
      roll < 0.8 ? 'ENABLED' : roll < 0.9 ? 'DISABLED' : roll < 0.96 ? 'PENDING_DELETE' : 'FROZEN';
    const versionCount = random.next() < 0.7 ? random.int(1, 5) : random.int(6, 20);
    // Older versions mostly expired long ago; the current one lands in any bucket, evenly.
    const currentBucket = BUCKETS[plans.length % BUCKETS.length]!;
    const versions: VersionPlan[] = Array.from({ length: versionCount }, (_, i) => {
      const bucket =
        i === versionCount - 1 ? currentBucket : random.pick<Bucket>(['expired', 'expired', 'none']);
      const stages = i < versionCount - 2 && random.next() < 0.15 ? [random.pick(CUSTOM_STAGES)] : undefined;
      return { expireTime: expiryIn(bucket, random, now), ...(stages ? { stages } : {}) };
    });
    const subscription = random.next();
    plans.push({
      name,
      state,
      description: `${kind.replaceAll('-', ' ')} of the ${service} service (${env}).`,
      versions,
      ...(subscription < 0.3
        ? { eventSubscription: EXPIRY_EVENT }
        : subscription < 0.35
          ? { eventSubscription: MUTED_EVENT }
          : {}),
    });
  }
  return plans;
}

function demoEvents(projectId: string, now: number): Record<string, StoredEvent> {
  const created = toSecond(now - 180 * DAY);
  const topic = (name: string) => ({
    target_type: 'SMN' as const,
    target_id: `urn:smn:cn-north-4:${projectId}:${name}`,
    target_name: name,
  });
  const event = (name: string, ids: string, state: StoredEvent['state'], types: StoredEvent['event_types'], t: string): StoredEvent => ({
    name, event_id: ids, event_types: types, state, create_time: created, update_time: created, notification: topic(t),
  }); // prettier-ignore
  return {
    [EXPIRY_EVENT]: event(EXPIRY_EVENT, '5c1d7e4e-3f7a-4b8e-9d55-0a6f1c2b3d41', 'ENABLED',
      ['SECRET_VERSION_EXPIRED', 'SECRET_VERSION_CREATED', 'SECRET_ROTATED_FAILED'], 'csms-alerts'), // prettier-ignore
    [ROTATION_EVENT]: event(ROTATION_EVENT, '9a0b6c2d-71e4-4f3a-8b1c-5d2e6f7a8b90', 'ENABLED',
      ['SECRET_ROTATED', 'SECRET_DELETED'], 'csms-rotation'), // prettier-ignore
    [MUTED_EVENT]: event(MUTED_EVENT, 'e7f8a9b0-c1d2-4e3f-a4b5-c6d7e8f90a1b', 'DISABLED',
      ['SECRET_VERSION_EXPIRED'], 'csms-muted'), // prettier-ignore
  };
}

export function demoProject(projectId: string, now: number): ProjectState {
  const random = seededRandom(`demo:${projectId}`);
  const plans = [...namedFixtures(now), ...generatedPlans(random, now, 56)];
  const secrets: ProjectState['secrets'] = {};
  for (const plan of plans) secrets[plan.name] = buildSecret(plan, random, now);
  const events = demoEvents(projectId, now);
  const project: ProjectState = { secrets, events, records: [] };
  project.records = notificationRecordsFor(project, now);
  return project;
}
