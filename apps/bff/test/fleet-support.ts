/**
 * What the fleet tests expect, computed from the emulator's own store (its admin surface and state), never
 * from the BFF's code: the buckets are written out here again, from the words, so a wrong boundary
 * in api-contract fails these tests instead of agreeing with itself.
 */
import type { RunningEmulator } from '@csms-console/csms-emulator';
import type { Harness, Response } from './harness.js';

const DAY = 86_400_000;

export interface ExpectedVersion {
  secret: string;
  version: string;
  expire_time: number | null;
  stages: string[];
  secret_state: string;
}

/** Every version the emulator's main project holds now, with its stages. */
export function heldVersions(csms: RunningEmulator): ExpectedVersion[] {
  const project = csms.store.project(csms.projectId);
  if (!project) throw new Error('the emulator has no main project');
  const out: ExpectedVersion[] = [];
  for (const secret of Object.values(project.secrets)) {
    for (const v of secret.versions) {
      const stages = Object.entries(secret.stages)
        .filter(([, s]) => s.version_id === v.id)
        .map(([name]) => name)
        .sort();
      out.push({
        secret: secret.name,
        version: v.id,
        expire_time: v.expire_time,
        stages,
        secret_state: secret.state,
      });
    }
  }
  return out;
}

/** The buckets: expired at or before now; then within 7, 30, 90 days; later; none without expiry. */
export function bucketAt(expireTime: number | null, now: number): string {
  if (expireTime === null) return 'none';
  if (expireTime <= now) return 'expired';
  if (expireTime <= now + 7 * DAY) return '7d';
  if (expireTime <= now + 30 * DAY) return '30d';
  if (expireTime <= now + 90 * DAY) return '90d';
  return 'later';
}

export const key = (v: { secret: string; version: string }) => `${v.secret}/${v.version}`;

/** Version key -> bucket, for comparing an answer with what the emulator holds. */
export function bucketsOf(
  versions: readonly { secret: string; version: string; expire_time: number | null }[],
  now: number,
): Map<string, string> {
  return new Map(versions.map((v) => [key(v), bucketAt(v.expire_time, now)]));
}

/** Asks until the answer says `complete` (the scan runs in the background). */
export async function untilComplete(
  h: Pick<Harness, 'request'>,
  path: string,
  cookie: string,
  timeoutMs = 240_000,
): Promise<{ first: Response; last: Response; polls: number }> {
  const started = Date.now();
  const first = await h.request('GET', path, { cookie });
  let last = first;
  let polls = 1;
  while (last.status === 200 && last.json.complete !== true && Date.now() - started < timeoutMs) {
    await new Promise((r) => setTimeout(r, 250));
    last = await h.request('GET', path, { cookie });
    polls++;
  }
  return { first, last, polls };
}

/**
 * Spreads the emulator's versions over every bucket: `scale:N` gives each secret the same three versions
 * (none, +30 d, +90 d), so some first versions are moved into the past, within 7 days, within 30 days and
 * past 90 days, by index (deterministic). Done through the admin surface, as any test would.
 */
export async function spreadExpiries(csms: RunningEmulator, now: number): Promise<void> {
  const project = structuredClone(csms.store.project(csms.projectId)!);
  const second = (ms: number) => Math.floor(ms / 1000) * 1000;
  Object.values(project.secrets).forEach((secret, i) => {
    const first = secret.versions[0]!;
    if (i % 5 === 0) first.expire_time = second(now - (1 + (i % 40)) * DAY);
    else if (i % 5 === 1) first.expire_time = second(now + ((i % 6) + 1) * 3_600_000 * 20);
    else if (i % 5 === 2) first.expire_time = second(now + 400 * DAY);
    else if (i % 5 === 3) first.expire_time = second(now + 12 * DAY);
  });
  const res = await fetch(`${csms.url}/__admin/seed`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ project, project_id: csms.projectId }),
  });
  if (res.status !== 200) throw new Error(`admin seed answered ${res.status}: ${await res.text()}`);
}

/**
 * Secret -> will CSMS notify anyone when one of its versions expires, from the emulator's own store and the
 * issue's words (written out again, not imported): the secret subscribes to an event (CSMS takes the first),
 * the event exists, is ENABLED, and includes SECRET_VERSION_EXPIRED.
 */
export function notifyHeld(csms: RunningEmulator): Map<string, string> {
  const project = csms.store.project(csms.projectId);
  if (!project) throw new Error('the emulator has no main project');
  const out = new Map<string, string>();
  for (const secret of Object.values(project.secrets)) {
    const name = secret.event_subscriptions[0];
    const event = name === undefined ? undefined : project.events[name];
    out.set(
      secret.name,
      name === undefined
        ? 'not_subscribed'
        : event === undefined
          ? 'event_missing'
          : event.state !== 'ENABLED'
            ? 'event_disabled'
            : !event.event_types.includes('SECRET_VERSION_EXPIRED')
              ? 'event_type_missing'
              : 'ok',
    );
  }
  return out;
}

/**
 * Adds `secret`, a copy of the emulator's `from` subscribed to `event`, through the admin surface: CSMS's own
 * API refuses a subscription to an event that does not exist (and deleting an event still subscribed to),
 * so this is how a secret whose event went missing is made.
 */
export async function addSubscriber(
  csms: RunningEmulator,
  from: string,
  secret: string,
  event: string,
): Promise<void> {
  const project = structuredClone(csms.store.project(csms.projectId)!);
  const copy = structuredClone(project.secrets[from]!);
  project.secrets[secret] = { ...copy, id: crypto.randomUUID(), name: secret, event_subscriptions: [event] };
  const res = await fetch(`${csms.url}/__admin/seed`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ project, project_id: csms.projectId }),
  });
  if (res.status !== 200) throw new Error(`admin seed answered ${res.status}: ${await res.text()}`);
}
