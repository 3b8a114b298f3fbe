/** Stage labels: each sits on exactly one version; at most 12 per secret; SYSCURRENT/SYSPREVIOUS are permanent. */
import { csms } from '../http/errors.js';
import type { StoredSecret, StoredStage } from '../store/model.js';
import { deleteOwn, getOwn, setOwn } from '../store/own.js';
import { MAX_STAGES_PER_SECRET, SYSTEM_STAGES } from './limits.js';
import { requireVersion } from './versions.js';

export function requireStage(secret: StoredSecret, stage: string): StoredStage {
  const found = getOwn(secret.stages, stage);
  if (!found) throw csms.resourceNotFound(`stage ${stage} of secret ${secret.name}`);
  return found;
}

/**
 * Puts `stage` on `versionId`, taking it off whichever version had it. Moving SYSCURRENT hands SYSPREVIOUS
 * to the version that held SYSCURRENT, as CreateSecretVersion does.
 */
export function moveStage(
  secret: StoredSecret,
  stage: string,
  versionId: string,
  now: number,
): { secret: StoredSecret; stage: StoredStage } {
  requireVersion(secret, versionId);
  const next = structuredClone(secret);
  const previousCurrent = getOwn(secret.stages, 'SYSCURRENT')?.version_id;
  if (stage === 'SYSCURRENT' && previousCurrent && previousCurrent !== versionId)
    setOwn(next.stages, 'SYSPREVIOUS', { version_id: previousCurrent, update_time: now });
  const placed: StoredStage = { version_id: versionId, update_time: now };
  setOwn(next.stages, stage, placed);
  if (Object.keys(next.stages).length > MAX_STAGES_PER_SECRET) throw csms.stageLimit();
  return { secret: next, stage: placed };
}

export function removeStage(secret: StoredSecret, stage: string): StoredSecret {
  if (SYSTEM_STAGES.includes(stage)) throw csms.systemStage();
  requireStage(secret, stage);
  const next = structuredClone(secret);
  deleteOwn(next.stages, stage);
  return next;
}
