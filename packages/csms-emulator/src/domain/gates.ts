/** State gates (docs/csms-api.md §4): which secret states an operation accepts. */
import { csms } from '../http/errors.js';
import type { StoredSecret } from '../store/model.js';

/** Reading or changing values and versions: ENABLED only (PENDING_DELETE -> CSMS.0103, others -> CSMS.0109). */
export function requireEnabled(secret: StoredSecret): void {
  if (secret.state === 'PENDING_DELETE') throw csms.pendingDelete();
  if (secret.state !== 'ENABLED') throw csms.notEnabled();
}

/** Changing metadata or stages: anything but PENDING_DELETE (-> CSMS.0103). */
export function requireNotPendingDelete(secret: StoredSecret): void {
  if (secret.state === 'PENDING_DELETE') throw csms.pendingDelete();
}
