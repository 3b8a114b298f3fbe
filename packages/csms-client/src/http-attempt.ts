/**
 * One HTTP attempt over node:http / node:https: connect timeout, response timeout (from the start of the
 * attempt to the last body byte), an abort signal, and a cap on the body size. Failures are `AttemptError`s
 * that the transport turns into public errors.
 */
import http from 'node:http';
import https from 'node:https';
import { urlToHttpOptions } from 'node:url';
import { networkCodeOf } from './retry-policy.js';

export interface AttemptInput {
  /** Origin to connect to; the request line uses `pathAndQuery` verbatim. */
  origin: URL;
  pathAndQuery: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  agent: http.Agent;
  connectTimeoutMs: number;
  responseTimeoutMs: number;
  maxResponseBytes: number;
  signal: AbortSignal;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export type AttemptFailure =
  | { kind: 'timeout'; phase: 'connect' | 'response'; timeoutMs: number }
  | { kind: 'network'; networkCode: string; cause: unknown }
  | { kind: 'aborted' }
  | { kind: 'too-large'; status: number; headers: http.IncomingHttpHeaders };

export class AttemptError extends Error {
  constructor(readonly failure: AttemptFailure) {
    super(`attempt failed: ${failure.kind}`);
  }
}

export function attemptRequest(input: AttemptInput): Promise<RawResponse> {
  return new Promise<RawResponse>((resolve, reject) => {
    if (input.signal.aborted) {
      reject(new AttemptError({ kind: 'aborted' }));
      return;
    }
    const timers: NodeJS.Timeout[] = [];
    let settled = false;
    const settle = (error: AttemptError | undefined, response?: RawResponse): void => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      input.signal.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve(response!);
    };
    const fail = (failure: AttemptFailure): void => {
      settle(new AttemptError(failure));
      request.destroy();
    };
    const onAbort = (): void => fail({ kind: 'aborted' });

    const transport = input.origin.protocol === 'https:' ? https : http;
    const request = transport.request({
      ...urlToHttpOptions(input.origin),
      path: input.pathAndQuery,
      method: input.method,
      headers: input.headers,
      agent: input.agent,
    });
    input.signal.addEventListener('abort', onAbort, { once: true });
    const { responseTimeoutMs, connectTimeoutMs } = input;
    timers.push(
      setTimeout(
        () => fail({ kind: 'timeout', phase: 'response', timeoutMs: responseTimeoutMs }),
        responseTimeoutMs,
      ),
    );

    request.on('socket', (socket) => {
      if (!socket.connecting) return;
      const timer = setTimeout(
        () => fail({ kind: 'timeout', phase: 'connect', timeoutMs: connectTimeoutMs }),
        connectTimeoutMs,
      );
      timers.push(timer);
      socket.once('connect', () => clearTimeout(timer));
    });
    request.on('error', (cause) => fail({ kind: 'network', networkCode: networkCodeOf(cause), cause }));
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      const tooLarge = (): void => fail({ kind: 'too-large', status, headers: response.headers });
      if (Number(response.headers['content-length'] ?? 0) > input.maxResponseBytes) {
        tooLarge();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > input.maxResponseBytes) tooLarge();
        else chunks.push(chunk);
      });
      response.on('end', () =>
        settle(undefined, { status, headers: response.headers, body: Buffer.concat(chunks) }),
      );
      response.on('error', (cause) => fail({ kind: 'network', networkCode: networkCodeOf(cause), cause }));
      response.on('close', () => {
        if (!response.complete) fail({ kind: 'network', networkCode: 'ECONNRESET', cause: undefined });
      });
    });
    request.end(input.body);
  });
}
