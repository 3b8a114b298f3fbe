/**
 * AK/SK credentials and the headers they put on a CSMS request, exactly as the official node SDK does
 * (docs/csms-api.md §7.1): `content-type`, `host` (port only when non-default), `x-project-id`, `x-sdk-date` and,
 * for temporary credentials, `x-security-token` are all signed; `User-Agent`/`Accept` are added after signing.
 */
import { z } from 'zod';
import { formatSdkDate, signRequest } from './signing/index.js';
import type { WireRequest } from './transport.js';

const headerSafe = (what: string) =>
  z.string().regex(/^[\x21-\x7e]+$/, { error: `${what} must be non-empty printable ASCII without spaces` });

export const AkSkCredentialsSchema = z.strictObject({
  type: z.literal('aksk'),
  accessKey: headerSafe('accessKey').max(256),
  secretKey: z.string().min(1, { error: 'secretKey must not be empty' }).max(1024),
  /** Present for temporary (STS) credentials; sent and signed as `X-Security-Token`. */
  securityToken: headerSafe('securityToken').max(65_536).optional(),
});

export type AkSkCredentials = z.infer<typeof AkSkCredentialsSchema>;

/** The credential kinds a client accepts directly; IAM tokens come through a `TokenProvider`. */
export type Credentials = AkSkCredentials;

export const JSON_CONTENT_TYPE = 'application/json';

/** Signed headers plus `authorization` for one attempt at time `now` (epoch ms). */
export function akskHeaders(
  credentials: AkSkCredentials,
  projectId: string,
  request: WireRequest,
  now: number,
): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': JSON_CONTENT_TYPE,
    host: request.endpoint.host,
    'x-project-id': projectId,
    'x-sdk-date': formatSdkDate(new Date(now)),
  };
  if (credentials.securityToken !== undefined) headers['x-security-token'] = credentials.securityToken;
  return signRequest({
    method: request.method,
    path: request.path,
    query: request.query,
    headers,
    body: request.body,
    accessKey: credentials.accessKey,
    secretKey: credentials.secretKey,
    date: new Date(now),
  }).headers;
}

/** The values that must never appear in an error: scrubbed from upstream messages. */
export function akskSecrets(credentials: AkSkCredentials): string[] {
  return [credentials.accessKey, credentials.secretKey, credentials.securityToken ?? ''].filter(
    (s) => s !== '',
  );
}
