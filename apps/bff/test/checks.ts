/**
 * Shared checks for the route, CSRF, RBAC, input, fuzz and header suites: a raw HTTP client (node:http, so
 * a GET can carry a body, TRACE can be sent and `.`/`..` path segments are not normalised away as `fetch`
 * does), the one error shape, the leak patterns, and path filling from the route inventory.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { ErrorCodeSchema } from '@csms-console/api-contract';
import { expect } from 'vitest';
import { ROUTES } from '../src/routes.js';

export type Route = (typeof ROUTES)[number];

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** The body's bytes as they came (still encoded when the answer has a `Content-Encoding`). */
  body: Buffer;
}

/** One request over a fresh connection; headers and body exactly as given (nothing added but Host). */
export function raw(
  baseUrl: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string | Buffer,
): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        agent: false,
        headers:
          body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const bytes = Buffer.concat(chunks);
          const text = bytes.toString('utf8');
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json, body: bytes });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Stack frames, module paths, file paths with line numbers, absolute paths of this machine. */
export const LEAK_PATTERNS: readonly RegExp[] = [
  /at .*\(/,
  /node_modules/,
  /\/work\//,
  /[\w.-]+\.(?:ts|js|mjs|cjs):\d+/,
  /(?:^|[\s"'(])\/(?:home|usr|tmp|opt|root|app|var|srv)\//,
  /file:\/\//,
];

export function leaks(text: string): RegExp | undefined {
  return LEAK_PATTERNS.find((re) => re.test(text));
}

export function expectNoLeak(text: string): void {
  expect(leaks(text), `response leaks ${String(leaks(text))}: ${text.slice(0, 300)}`).toBeUndefined();
}

interface Answer {
  status: number;
  text: string;
  json: unknown;
  header(name: string): string | null | undefined;
}

/** Adapts a harness `Response` (fetch `Headers`) or a `RawResponse` (node headers). */
export function answer(res: {
  status: number;
  text: string;
  json: unknown;
  headers: Headers | IncomingHttpHeaders;
}): Answer {
  const { headers } = res;
  const header =
    headers instanceof Headers
      ? (name: string) => headers.get(name)
      : (name: string) => {
          const v = headers[name.toLowerCase()];
          return Array.isArray(v) ? v.join(', ') : v;
        };
  return { status: res.status, text: res.text, json: res.json, header };
}

/** Problems with a response that must be the one error shape; empty when it is. */
export function errorShapeProblems(res: Parameters<typeof answer>[0]): string[] {
  const a = answer(res);
  const problems: string[] = [];
  if (a.header('content-type') !== 'application/json; charset=utf-8') {
    problems.push(`content-type ${String(a.header('content-type'))}`);
  }
  const body = a.json as { error?: Record<string, unknown> } | undefined;
  if (!body || typeof body !== 'object' || Array.isArray(body))
    return [...problems, 'body is not a JSON object'];
  if (Object.keys(body).join() !== 'error') problems.push(`top-level keys ${Object.keys(body).join()}`);
  const error = body.error;
  if (!error || typeof error !== 'object') return [...problems, 'no error object'];
  const extra = Object.keys(error).filter((k) => !['code', 'message', 'details', 'requestId'].includes(k));
  if (extra.length > 0) problems.push(`unexpected error keys ${extra.join()}`);
  if (!ErrorCodeSchema.safeParse(error.code).success) problems.push(`unknown code ${String(error.code)}`);
  if (typeof error.message !== 'string' || error.message.length === 0) problems.push('no message');
  if (typeof error.requestId !== 'string' || !/^[0-9a-f]{24}$/.test(error.requestId)) {
    problems.push(`bad requestId ${String(error.requestId)}`);
  } else if (a.header('x-request-id') !== error.requestId) {
    problems.push('requestId differs from X-Request-Id');
  }
  if (error.details !== undefined && (typeof error.details !== 'object' || error.details === null)) {
    problems.push('details is not an object');
  }
  const leak = leaks(a.text);
  if (leak) problems.push(`leak ${String(leak)}`);
  return problems;
}

/** Asserts the one error shape `{error:{code,message,details?,requestId}}`, the status and the code. */
export function expectError(res: Parameters<typeof answer>[0], status: number, code?: string): void {
  const context = `${res.status} ${res.text.slice(0, 300)}`;
  expect(res.status, context).toBe(status);
  expect(errorShapeProblems(res), context).toEqual([]);
  if (code !== undefined) expect((res.json as { error: { code: string } }).error.code, context).toBe(code);
}

/** Valid path parameters for the demo seed. */
export const PARAMS: Record<string, string> = {
  account: 'demo',
  secret: 'payments-db-password',
  version: 'v5',
  id: '01J0000000000000000000000Z', // a batch id no batch has
};

/** The route's path with each `:param` replaced (encoded) from `params`, falling back to PARAMS. */
export function fill(path: string, params: Record<string, string> = {}): string {
  return path.replace(/:([a-z]+)/g, (_m, key: string) =>
    encodeURIComponent(params[key] ?? PARAMS[key] ?? ''),
  );
}

/** Own property names of the built-in prototypes, to compare before and after a suite. */
export function prototypeSnapshot(): Record<string, string[]> {
  return {
    Object: Object.getOwnPropertyNames(Object.prototype).sort(),
    Array: Object.getOwnPropertyNames(Array.prototype).sort(),
    Function: Object.getOwnPropertyNames(Function.prototype).sort(),
    String: Object.getOwnPropertyNames(String.prototype).sort(),
  };
}

export function expectPrototypesUnchanged(before: Record<string, string[]>): void {
  expect(prototypeSnapshot()).toEqual(before);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const probe = {} as any;
  expect(probe.polluted).toBeUndefined();
  expect(probe.isAdmin).toBeUndefined();
  expect(probe.role).toBeUndefined();
}

export { ROUTES };

/** The ways a credential could leak in text: as it is, base64 (padded or not), base64url, hex, URL-encoded. */
export function encodedForms(value: string): string[] {
  const b64 = Buffer.from(value).toString('base64');
  return [
    value,
    b64,
    b64.replace(/=+$/, ''),
    Buffer.from(value).toString('base64url'),
    Buffer.from(value).toString('hex'),
    encodeURIComponent(value),
  ];
}
