/**
 * Field errors of the rule and channel forms: from the contract's schema before sending (so what is sent is
 * what the BFF accepts), and from the BFF's 400 `invalid_input` (`details.issues[].path`, dotted) after.
 * A path's first segment names the field (`lead_days.1` is the lead-days field).
 */
import { InputIssueSchema } from '@csms-console/api-contract';
import { z } from 'zod/mini';
import { isApiError } from '../../../lib/api-client';

export type FieldErrors = Record<string, string>;

/** The first problem of each field, from a schema's issues (`path` as an array). */
export function schemaErrors(
  issues: readonly { path: readonly PropertyKey[] }[],
  say: (field: string) => string,
) {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? '');
    if (field && !(field in errors)) errors[field] = say(field);
  }
  return errors;
}

/** The BFF's field problems (400 invalid_input), each said in the page's words for that field. */
export function serverFieldErrors(error: unknown, say: (field: string) => string): FieldErrors {
  if (!isApiError(error, 'invalid_input')) return {};
  const issues = z.array(InputIssueSchema).safeParse(error.details.issues);
  if (!issues.success) return {};
  return schemaErrors(
    issues.data.map((issue) => ({ path: issue.path.split('.') })),
    say,
  );
}
