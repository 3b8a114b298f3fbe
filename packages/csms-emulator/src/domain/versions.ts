/** Versions of a secret: numbering, the 20-version cap, the stage moves of CreateSecretVersion, expiry updates. */
import { csms } from '../http/errors.js';
import type { StoredSecret, StoredVersion } from '../store/model.js';
import { getOwn, setOwn } from '../store/own.js';
import { MAX_STAGES_PER_SECRET, MAX_VERSIONS_PER_SECRET } from './limits.js';

export interface NewVersionInput {
  secret_string?: string;
  secret_binary?: string;
  version_stages?: string[];
  expire_time?: number;
}

const versionNumber = (id: string): number => Number(id.slice(1));

/** `vN`, or `latest` for the most recently created version. */
export function findVersion(secret: StoredSecret, id: string): StoredVersion | undefined {
  if (id === 'latest') return secret.versions.at(-1);
  return secret.versions.find((v) => v.id === id);
}

export function requireVersion(secret: StoredSecret, id: string): StoredVersion {
  const version = findVersion(secret, id);
  if (!version) throw csms.resourceNotFound(`version ${id} of secret ${secret.name}`);
  return version;
}

/** Versions sorted ascending by number; the id pattern guarantees digits after `v`. */
export function sortedVersions(secret: StoredSecret): StoredVersion[] {
  return [...secret.versions].sort((a, b) => versionNumber(a.id) - versionNumber(b.id));
}

/** Stage names per version id, in the order the stages were set. */
export function stagesByVersion(secret: StoredSecret): Map<string, string[]> {
  const byVersion = new Map<string, string[]>();
  for (const [stage, { version_id }] of Object.entries(secret.stages)) {
    const list = byVersion.get(version_id);
    if (list) list.push(stage);
    else byVersion.set(version_id, [stage]);
  }
  return byVersion;
}

/**
 * Adds `v<next_version>`. Requested stages (default `SYSCURRENT`) move onto it; when SYSCURRENT moves, the
 * version that held it takes SYSPREVIOUS (unless SYSPREVIOUS was requested too).
 */
export function addVersion(
  secret: StoredSecret,
  input: NewVersionInput,
  now: number,
): { secret: StoredSecret; version: StoredVersion } {
  if (secret.versions.length >= MAX_VERSIONS_PER_SECRET)
    throw csms.quota('secret versions', MAX_VERSIONS_PER_SECRET);
  const stages = input.version_stages ?? ['SYSCURRENT'];
  if (stages.length > MAX_STAGES_PER_SECRET) throw csms.stageQuota();

  const next = structuredClone(secret);
  const version: StoredVersion = {
    id: `v${secret.next_version}`,
    create_time: now,
    expire_time: input.expire_time ?? null,
    kms_key_id: secret.kms_key_id,
    expiry_notified_for: null,
  };
  if (input.secret_binary !== undefined) version.secret_binary = input.secret_binary;
  else version.secret_string = input.secret_string ?? '';

  const previousCurrent = getOwn(secret.stages, 'SYSCURRENT')?.version_id;
  for (const stage of stages) setOwn(next.stages, stage, { version_id: version.id, update_time: now });
  if (stages.includes('SYSCURRENT') && previousCurrent && !stages.includes('SYSPREVIOUS'))
    setOwn(next.stages, 'SYSPREVIOUS', { version_id: previousCurrent, update_time: now });
  if (Object.keys(next.stages).length > MAX_STAGES_PER_SECRET) throw csms.stageLimit();

  next.versions.push(version);
  next.next_version = secret.next_version + 1;
  next.update_time = now;
  return { secret: next, version };
}

/** Sets a version's expiry (already validated: integer, in range, in the future) and re-arms its one notification. */
export function setVersionExpiry(
  secret: StoredSecret,
  versionId: string,
  expireTime: number,
): { secret: StoredSecret; version: StoredVersion } {
  const index = secret.versions.findIndex((v) => v.id === versionId);
  if (index < 0) throw csms.resourceNotFound(`version ${versionId} of secret ${secret.name}`);
  const next = structuredClone(secret);
  const version = next.versions[index]!;
  version.expire_time = expireTime;
  version.expiry_notified_for = null;
  return { secret: next, version };
}
