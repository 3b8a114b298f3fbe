/**
 * Input rules (docs/csms-api.md §4), checked before anything is sent. A violation throws `CsmsInputError` naming
 * the field and the rule, never the value. Messages below are ours, so no zod message can echo input.
 */
import { z } from 'zod';
import { CsmsInputError } from './errors.js';

const pattern = (re: RegExp, rule: string) =>
  z.string({ error: 'must be a string' }).regex(re, { error: rule });

/** 32-64 ASCII letters/digits: IAM project ids are 32 hex characters; OAS allows 32-64 (decision in README). */
export const ProjectIdSchema = pattern(/^[a-zA-Z0-9]{32,64}$/, 'must be 32-64 letters or digits');
export const SecretNameSchema = pattern(/^[a-zA-Z0-9_-]{1,64}$/, 'must match ^[a-zA-Z0-9_-]{1,64}$');
export const VersionIdSchema = pattern(/^v[0-9]{1,10}$/, 'must match ^v[0-9]{1,10}$');
export const StageNameSchema = pattern(/^[a-zA-Z0-9_-]{1,64}$/, 'must match ^[a-zA-Z0-9_-]{1,64}$');
export const EventNameSchema = pattern(/^[a-zA-Z0-9_-]{1,64}$/, 'must match ^[a-zA-Z0-9_-]{1,64}$');
/** ListSecretVersions marker: a version id or `latest` (OAS). */
export const VersionMarkerSchema = pattern(/^(v[0-9]{1,10}|latest)$/, 'must be a version id or latest');
/** ListSecretEvents marker: an event name, dots allowed (OAS). */
export const EventMarkerSchema = pattern(/^[a-zA-Z0-9._-]{1,64}$/, 'must match ^[a-zA-Z0-9._-]{1,64}$');
export const LimitSchema = z
  .number({ error: 'must be a number' })
  .int({ error: 'must be an integer' })
  .min(1, { error: 'must be 1-1000' })
  .max(1000, { error: 'must be 1-1000' });
/** Epoch milliseconds, a safe integer in [0, 9999999999999] (OAS maximum: 13 digits). */
export const ExpireTimeSchema = z
  .number({ error: 'must be a number of epoch milliseconds' })
  .int({ error: 'must be an integer number of epoch milliseconds' })
  .min(0, { error: 'must be within [0, 9999999999999]' })
  .max(9_999_999_999_999, { error: 'must be within [0, 9999999999999]' });
export const DeadlineMsSchema = z.number().int().positive().max(600_000, { error: 'must be 1-600000 ms' });

const maxBytes = (limit: number, rule: string) =>
  z.string({ error: 'must be a string' }).refine((s) => Buffer.byteLength(s) <= limit, { error: rule });
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
export const SecretStringSchema = maxBytes(32_768, 'must be at most 32768 bytes');
export const SecretBinarySchema = maxBytes(32_768, 'must be at most 32768 bytes').refine(
  (s) => BASE64.test(s),
  {
    error: 'must be base64',
  },
);
export const StageLabelSchema = z
  .string({ error: 'must be a string' })
  .refine((s) => s.length > 0 && Buffer.byteLength(s) <= 64, { error: 'must be 1-64 bytes' });

/** An http(s) URL without credentials, query or fragment. Its path, if any, prefixes every request path. */
export function parseEndpoint(value: unknown, field: string): URL {
  if (typeof value !== 'string') throw new CsmsInputError(field, 'must be a string URL');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CsmsInputError(field, 'must be an absolute http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new CsmsInputError(field, 'must use http or https');
  if (url.username !== '' || url.password !== '')
    throw new CsmsInputError(field, 'must not embed credentials');
  if (url.search !== '' || url.hash !== '')
    throw new CsmsInputError(field, 'must not have a query or fragment');
  return url;
}

/** The endpoint's path without trailing slashes (`''` for a bare origin), as it goes on the wire. */
export function basePath(endpoint: URL): string {
  return endpoint.pathname.replace(/\/+$/, '');
}

/** Parses `value` with `schema` or throws `CsmsInputError` for the first issue, at `field` plus its path. */
export function checkInput<S extends z.ZodType>(field: string, schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path.length ? `${field}.${issue.path.map(String).join('.')}` : field;
  throw new CsmsInputError(path, issueReason(issue));
}

function issueReason(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'is invalid';
  if (issue.code === 'unrecognized_keys')
    return `has unknown key(s) ${issue.keys
      .slice(0, 5)
      .map((k) => k.slice(0, 40))
      .join(', ')}`;
  if (issue.code === 'invalid_type') return `must be ${issue.expected}`;
  return issue.message;
}
