/**
 * Zod at the edge: parses params, query or body, or throws `invalid_input` listing each problem by location
 * and path. Messages come from our schemas and never echo the value (a password or a 10 kB string).
 */
import { z } from 'zod';
import { AppError } from '../errors.js';

export type InputLocation = 'params' | 'query' | 'body';

export function parseInput<S extends z.core.$ZodType>(
  schema: S,
  value: unknown,
  location: InputLocation,
): z.output<S> {
  // The contract's schemas are `zod/mini`, the BFF's own are classic: both share zod's core and its parser.
  const result = z.safeParse(schema, value);
  if (result.success) {
    const nul = nulPath(result.data);
    if (nul === undefined) return result.data;
    const path = nul.join('.').slice(0, 100);
    const message = 'must not contain NUL characters';
    throw new AppError(400, 'invalid_input', `Invalid ${location}${path ? `.${path}` : ''}: ${message}.`, {
      issues: [{ location, path, message }],
    });
  }
  const issues = result.error.issues.slice(0, 20).map((issue) => ({
    location,
    path: issue.path.map(String).join('.').slice(0, 100),
    message: messageOf(issue),
  }));
  const first = issues[0];
  const where = first ? `${location}${first.path ? `.${first.path}` : ''}` : location;
  throw new AppError(400, 'invalid_input', `Invalid ${where}: ${first?.message ?? 'not accepted'}.`, {
    issues,
  });
}

/** For a route without query parameters: it refuses any (docs/security.md V2), as the others refuse unknown keys. */
export function noQuery(query: object): void {
  if (Object.keys(query).length > 0) parseInput(z.strictObject({}), query, 'query');
}

/** Our schema messages, or a fixed text per issue kind: zod's own messages can quote input (enum values). */
function messageOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return 'unknown field';
    case 'invalid_type':
      return issue.message.startsWith('Invalid input') ? `must be ${issue.expected}` : issue.message;
    case 'invalid_value':
      return 'is not one of the allowed values';
    default:
      return issue.message.slice(0, 200);
  }
}

/**
 * PostgreSQL `text` and `jsonb` cannot hold U+0000, so a NUL in a value that passed its schema (a user name,
 * a reason, an audit filter) would fail in the store as a 500. It is refused here instead, by field path.
 */
function nulPath(value: unknown, path: string[] = [], depth = 0): string[] | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (value === null || typeof value !== 'object' || depth > 16) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const found = nulPath(item, [...path, key], depth + 1);
    if (found) return found;
  }
  return undefined;
}
