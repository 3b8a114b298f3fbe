/** Every operation the emulator answers, compiled into one router keyed by path, then by method. */
import { Router } from '../http/router.js';
import type { Operation } from './context.js';
import { eventOperations } from './events.js';
import { iamOperations } from './iam.js';
import { secretOperations } from './secrets.js';
import { stageOperations } from './stages.js';
import { versionOperations } from './versions.js';

export const OPERATIONS: readonly Operation[] = [
  ...secretOperations,
  ...versionOperations,
  ...stageOperations,
  ...eventOperations,
  ...iamOperations,
];

export const OPERATION_NAMES: ReadonlySet<string> = new Set(OPERATIONS.map((o) => o.name));

export interface OperationInfo {
  name: string;
  method: string;
  path: string;
  /** IAM action checked against allow-lists; null for IAM's own token call. */
  action: string | null;
  /** Error body family: flat `{error_code,error_msg}`, nested `{error:{...}}`, or IAM's. */
  errors: 'flat' | 'nested' | 'iam';
}

/** What the emulator implements, as data (README table, admin index, fault targets). */
export const OPERATION_TABLE: readonly OperationInfo[] = OPERATIONS.map((o) => ({
  name: o.name,
  method: o.method,
  path: o.pattern,
  action: o.kind === 'csms' ? o.action : null,
  errors: o.kind === 'csms' ? o.shape : 'iam',
}));

/** Operations of one path, by HTTP method. */
export type PathOperations = ReadonlyMap<string, Operation>;

export function buildRouter(operations: readonly Operation[] = OPERATIONS): Router<PathOperations> {
  const byPattern = new Map<string, Map<string, Operation>>();
  for (const operation of operations) {
    const methods = byPattern.get(operation.pattern) ?? new Map<string, Operation>();
    methods.set(operation.method, operation);
    byPattern.set(operation.pattern, methods);
  }
  const router = new Router<PathOperations>();
  for (const [pattern, methods] of byPattern) router.add(pattern, methods);
  return router;
}
