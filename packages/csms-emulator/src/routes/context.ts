/** What an operation handler gets and returns. Handlers never see node's req/res. */
import type { IdentityRegistry } from '../auth/identity.js';
import type { ErrorShape } from '../http/errors.js';
import type { ProjectState } from '../store/model.js';
import type { Store } from '../store/store.js';

export interface Services {
  store: Store;
  identity: IdentityRegistry;
  region: string;
  /** The project IAM resolves `scope.project.name == region` to. */
  mainProjectId: string;
  /** Base URL, for the IAM catalog. */
  url: () => string;
}

export interface OperationRequest {
  /** Path parameters, percent-decoded (not yet validated). */
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  body: Buffer | undefined;
  /** Emulator clock, epoch ms. */
  now: number;
}

export interface CsmsRequest extends OperationRequest {
  projectId: string;
  project: ProjectState;
}

export interface Reply {
  status: number;
  body?: unknown;
  /** The body already serialised as JSON (a cached rendering); takes precedence over `body`. */
  json?: Buffer;
  headers?: Record<string, string>;
}

export type CsmsHandler = (request: CsmsRequest, services: Services) => Reply;
export type IamHandler = (request: OperationRequest, services: Services) => Reply;

interface OperationBase {
  name: string;
  method: string;
  /** Path pattern, `{name}` for parameters. */
  pattern: string;
}

export interface CsmsOperation extends OperationBase {
  kind: 'csms';
  /** IAM action checked against the caller's allow-list (docs/csms-api.md §8). */
  action: string;
  /** Body shape of this operation's errors (docs/csms-api.md §6.1). */
  shape: ErrorShape;
  handler: CsmsHandler;
}

export interface IamOperation extends OperationBase {
  kind: 'iam';
  handler: IamHandler;
}

export type Operation = CsmsOperation | IamOperation;

export const ok = (body: unknown, status = 200): Reply => ({ status, body });

export const csmsOperation = (
  name: string,
  method: string,
  pattern: string,
  action: string,
  shape: ErrorShape,
  handler: CsmsHandler,
): CsmsOperation => ({ kind: 'csms', name, method, pattern, action, shape, handler });
