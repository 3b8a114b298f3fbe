/**
 * The BFF's field problems after sending (400 `invalid_input`, `details.issues[].path`, dotted) put on the
 * form's fields with react-hook-form's `setError`. A path's first segment names the field (`lead_days.1` is
 * the lead-days field; `to.2` the recipients).
 */
import { InputIssueSchema } from '@csms-console/api-contract';
import { z } from 'zod/mini';
import { isApiError } from '../../../lib/api-client';

export type FieldErrors = Record<string, string>;

/** The BFF's field problems (400 invalid_input), the first of each field, said in the page's words. */
export function serverFieldErrors(error: unknown, say: (field: string) => string): FieldErrors {
  if (!isApiError(error, 'invalid_input')) return {};
  const issues = z.array(InputIssueSchema).safeParse(error.details.issues);
  if (!issues.success) return {};
  const errors: FieldErrors = {};
  for (const issue of issues.data) {
    const field = issue.path.split('.')[0] ?? '';
    if (field && !(field in errors)) errors[field] = say(field);
  }
  return errors;
}

/**
 * Sets each of the BFF's field problems on its field (only fields the form has: `fields`). Returns whether
 * any landed; when none did, the caller shows the error as a whole.
 */
export function setServerErrors<F extends string>(
  error: unknown,
  fields: readonly F[],
  say: (field: string) => string,
  setError: (field: F, error: { type: string; message: string }, options?: { shouldFocus: boolean }) => void,
): boolean {
  let landed = false;
  for (const [field, message] of Object.entries(serverFieldErrors(error, say))) {
    if (!(fields as readonly string[]).includes(field)) continue;
    setError(field as F, { type: 'server', message }, { shouldFocus: !landed });
    landed = true;
  }
  return landed;
}
