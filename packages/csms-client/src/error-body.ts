/**
 * Reads `error_code`/`error_msg` out of a non-2xx body in any of the shapes CSMS, its gateway and IAM use
 * (docs/csms-api.md §6.1), and nothing else of it:
 *   flat CSMS / APIGW   `{ "error_code", "error_msg", "request_id"? }`
 *   nested CSMS         `{ "error": { "error_code", "error_msg" } }`
 *   IAM                 `{ "error": { "code", "message", "title" } }`
 * Values are length-capped, stripped of control characters and scrubbed of known credential values.
 */
import { z } from 'zod';

export const MAX_ERROR_CODE_LENGTH = 64;
export const MAX_ERROR_MSG_LENGTH = 512;
const MAX_REQUEST_ID_LENGTH = 128;
export const REDACTED = '[REDACTED]';
/** An echoed `Authorization` value or signature, whoever's it is. */
const SIGNATURE_LIKE = /SDK-HMAC-SHA256\s+Access=\S*|Signature=[0-9a-fA-F]{16,}/g;

const text = z.union([z.string(), z.number()]).transform(String);

const FlatSchema = z.object({ error_code: text, error_msg: text.optional(), request_id: text.optional() });
const NestedSchema = z.object({ error: z.object({ error_code: text, error_msg: text.optional() }) });
const IamSchema = z.object({
  error: z.object({ code: text.optional(), message: text.optional(), title: text.optional() }),
});

export interface ErrorBodyFacts {
  errorCode?: string;
  errorMsg?: string;
  requestId?: string;
}

/** Drops control characters, redacts the given secrets, caps the length. */
export function sanitize(value: string, maxLength: number, secrets: readonly string[] = []): string {
  let out = value.replace(/\p{Cc}/gu, ' ');
  for (const secret of secrets) if (secret.length > 0) out = out.split(secret).join(REDACTED);
  out = out.replace(SIGNATURE_LIKE, REDACTED);
  return out.length > maxLength ? `${out.slice(0, maxLength - 1)}…` : out;
}

function pickShape(json: unknown): { code?: string; msg?: string; requestId?: string } {
  const flat = FlatSchema.safeParse(json);
  if (flat.success)
    return { code: flat.data.error_code, msg: flat.data.error_msg, requestId: flat.data.request_id };
  const nested = NestedSchema.safeParse(json);
  if (nested.success) return { code: nested.data.error.error_code, msg: nested.data.error.error_msg };
  const iam = IamSchema.safeParse(json);
  if (iam.success) {
    const { code, message, title } = iam.data.error;
    return { code: code ?? title, msg: message ?? title };
  }
  return {};
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** What an error body says; an empty object for a non-JSON or unknown body. */
export function parseErrorBody(body: string, secrets: readonly string[] = []): ErrorBodyFacts {
  const { code, msg, requestId } = pickShape(parseJson(body));
  const facts: ErrorBodyFacts = {};
  if (code !== undefined && code !== '') facts.errorCode = sanitize(code, MAX_ERROR_CODE_LENGTH, secrets);
  if (msg !== undefined) facts.errorMsg = sanitize(msg, MAX_ERROR_MSG_LENGTH, secrets);
  if (requestId !== undefined) facts.requestId = sanitizeRequestId(requestId, secrets);
  return facts;
}

/** A request id goes into logs and UIs: visible ASCII, short, and dropped if it holds a known secret. */
export function sanitizeRequestId(
  value: string | string[] | undefined,
  secrets: readonly string[] = [],
): string | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined) return undefined;
  if (secrets.some((secret) => secret.length > 0 && raw.includes(secret))) return REDACTED;
  const clean = raw.replace(/[^\x21-\x7e]/g, '').slice(0, MAX_REQUEST_ID_LENGTH);
  return clean === '' ? undefined : clean;
}
