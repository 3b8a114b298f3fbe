/** Admin handlers: plain JSON in and out, `{error}` with 400/404 on bad input. Never exposed unless enabled. */
import type { z } from 'zod';
import type { EmulatorApp } from '../app.js';
import type { Reply } from '../routes/context.js';

export class AdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface AdminRequest {
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  /** Parsed JSON body, or undefined when none was sent. */
  body: unknown;
}

export type AdminHandler = (app: EmulatorApp, request: AdminRequest) => Reply;

export interface AdminRoute {
  method: string;
  path: string;
  summary: string;
  handler: AdminHandler;
}

export function parseAdmin<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new AdminError(400, `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
}

export const noContent: Reply = { status: 204 };
