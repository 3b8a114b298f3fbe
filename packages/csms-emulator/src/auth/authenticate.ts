/**
 * The gateway's authentication of a CSMS call: an IAM token (X-Auth-Token) it issued, or an AK/SK signature.
 * Failures are 401 APIGW.0301. The result names the project the caller is authenticated for and the
 * action allow-list that applies.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { gateway } from '../http/errors.js';
import type { Store } from '../store/store.js';
import { compileActions, type ActionMatcher } from './actions.js';
import type { IdentityRegistry } from './identity.js';
import { verifySignature, type SignedRequest } from './verify-signature.js';

export interface Principal {
  kind: 'aksk' | 'token';
  accessKeyId: string | null;
  userName: string | null;
  /** X-Project-Id of an AK/SK call, or the token's project scope; null when an AK/SK call sends none. */
  projectId: string | null;
  allows: ActionMatcher | null;
}

export interface AuthDeps {
  identity: IdentityRegistry;
  store: Store;
  now: number;
}

const single = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

export function authenticate(request: SignedRequest, deps: AuthDeps): Principal {
  const authToken = single(request.headers, 'x-auth-token');
  if (authToken !== undefined) {
    const token = deps.store.token(authToken);
    if (!token) throw gateway.unauthorized('decrypt token fail');
    if (token.expires_at <= deps.now) throw gateway.unauthorized('the token has expired');
    return {
      kind: 'token',
      accessKeyId: null,
      userName: token.user_name,
      projectId: token.project_id,
      allows: compileActions(token.actions),
    };
  }
  if (single(request.headers, 'authorization') === undefined)
    throw gateway.unauthorized('the request carries neither an X-Auth-Token nor an Authorization header');
  const entry = verifySignature(request, deps.now, (ak) => deps.identity.credential(ak));
  return {
    kind: 'aksk',
    accessKeyId: entry.credential.accessKey,
    userName: null,
    projectId: single(request.headers, 'x-project-id') ?? null,
    allows: entry.allows,
  };
}
