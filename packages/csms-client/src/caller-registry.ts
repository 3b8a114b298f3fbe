/**
 * Links a `CsmsClient` to its caller without a public accessor, so that `values.ts` (a separate subpath
 * export) can make calls the main export deliberately lacks.
 */
import type { CsmsCaller } from './caller.js';

const callers = new WeakMap<object, CsmsCaller>();

export function registerCaller(client: object, caller: CsmsCaller): void {
  callers.set(client, caller);
}

export function callerOf(client: object): CsmsCaller {
  const caller = callers.get(client);
  if (!caller) throw new TypeError('not a CsmsClient');
  return caller;
}
