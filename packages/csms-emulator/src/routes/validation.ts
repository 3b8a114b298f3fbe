/**
 * Input checks shared by the operations (docs/csms-api.md §4). A body that is not a JSON object is CSMS.0004;
 * any parameter that breaks a rule is CSMS.0002 naming the parameter. Unknown body fields are ignored and
 * unknown query parameters too (README "Guesses").
 */
import type { z } from 'zod';
import { MAX_EXPIRE_TIME } from '../domain/limits.js';
import { csms } from '../http/errors.js';

export const SECRET_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
export const VERSION_ID = /^v[0-9]{1,10}$/;
export const STAGE_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
export const EVENT_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
/** ListSecretEvents' marker pattern also allows dots. */
export const EVENT_MARKER = /^[a-zA-Z0-9._-]{1,64}$/;

export function pathParam(params: Readonly<Record<string, string>>, name: string, pattern: RegExp): string {
  const value = params[name] ?? '';
  if (!pattern.test(value)) throw csms.invalidParameter(name);
  return value;
}

/** Parses the body as a JSON object and checks it against `schema`. */
export function parseBody<T>(body: Buffer | undefined, schema: z.ZodType<T>): T {
  if (!body || body.length === 0) throw csms.badBody('the request body is empty');
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw csms.badBody('the request body is not valid JSON');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw csms.badBody('the request body must be a JSON object');
  const result = schema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue?.path.join('.') || 'body';
    throw csms.invalidParameter(`${path}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}

/** `expire_time`: a future instant within [0, 9999999999999], kept at second precision. */
export function checkExpireTime(value: number, now: number): number {
  if (!Number.isSafeInteger(value) || value < 0 || value > MAX_EXPIRE_TIME)
    throw csms.invalidParameter('expire_time must be an integer of epoch milliseconds in [0, 9999999999999]');
  const stored = Math.floor(value / 1000) * 1000;
  if (stored <= now) throw csms.invalidParameter('expire_time must be in the future');
  return stored;
}

/** A string limit of 1-4 digits (ListSecrets, ListSecretEvents), 1 or more, clamped to the 1000-item page cap. */
export function stringLimit(query: URLSearchParams): number {
  const raw = query.get('limit');
  if (raw === null) return 50;
  if (!/^[0-9]{1,4}$/.test(raw) || Number(raw) < 1) throw csms.invalidParameter('limit');
  return Math.min(Number(raw), 1000);
}

/** An integer limit 1-1000 (ListSecretVersions). */
export function integerLimit(query: URLSearchParams): number {
  const raw = query.get('limit');
  if (raw === null) return 50;
  if (!/^[0-9]{1,4}$/.test(raw) || Number(raw) < 1 || Number(raw) > 1000)
    throw csms.invalidParameter('limit');
  return Number(raw);
}

/** An optional marker; empty means the first page. */
export function marker(query: URLSearchParams, pattern: RegExp): string | undefined {
  const raw = query.get('marker');
  if (raw === null || raw === '') return undefined;
  if (!pattern.test(raw)) throw csms.invalidParameter('marker');
  return raw;
}

export const byteLength = (s: string): number => Buffer.byteLength(s, 'utf8');
