/**
 * One HTTP POST of a warning to a webhook (issue 14), with node:http/node:https and nothing else. The URL is
 * a credential (its path or query carries the bot's token), so it is checked again before every attempt
 * (`checkWebhookUrl`) and the socket resolves through `guardedLookup`, so the address connected to is the one
 * checked (a name rebound to 10.0.0.1 since the channel was saved is refused at the connection).
 *
 * One attempt: no redirects (a 3xx is refused, not followed: following it would send the digest, and on a
 * second hop perhaps the token, somewhere unchecked), one deadline for the whole attempt, at most 64 KB of
 * answer read. Every failure is a DeliveryFailure whose message names only the host.
 */
import http from 'node:http';
import https from 'node:https';
import { checkWebhookUrl, guardedLookup } from '../target-guard.js';
import { DeliveryFailure } from '../types.js';

/** How much of a receiver's answer is read: bots answer a few bytes of JSON. */
export const MAX_ANSWER_BYTES = 64 * 1024;

export interface PostOptions {
  allowHosts: readonly string[];
  timeoutMs: number;
  signal: AbortSignal;
  /** Only for tests against a local TLS receiver; production never sets it. */
  tls?: { ca?: string | Buffer };
}

export interface PostAnswer {
  status: number;
  /** The answer's body (UTF-8), cut at MAX_ANSWER_BYTES. */
  body: string;
  host: string;
}

/** POSTs `body` to `rawUrl`; resolves with a 2xx answer, throws DeliveryFailure for anything else. */
export async function postOnce(
  rawUrl: string,
  body: string,
  headers: Readonly<Record<string, string>>,
  options: PostOptions,
): Promise<PostAnswer> {
  const url = await checkWebhookUrl(rawUrl, options.allowHosts);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (options.signal.aborted) throw cancelled(host);
  const answer = await exchange(url, host, body, headers, options);
  if (answer.status >= 300 && answer.status < 400) {
    throw new DeliveryFailure(
      'redirect_refused',
      `${host} answered HTTP ${answer.status} (a redirect); the console does not follow redirects.`,
      false,
    );
  }
  if (answer.status < 200 || answer.status >= 300) {
    const word = reasonWord(answer.body, url);
    throw new DeliveryFailure(
      'receiver_status',
      `${host} answered HTTP ${answer.status}${word ? ` (${word})` : ''}.`,
      answer.status === 429 || answer.status >= 500,
    );
  }
  return answer;
}

/**
 * A receiver's one-word reason (Slack's `invalid_payload`, `no_service`), when the body is just that; never
 * a word that appears in the URL (a receiver could echo the token back).
 */
function reasonWord(body: string, url: URL): string | undefined {
  const word = body.trim();
  if (!/^[a-z][a-z0-9_]{1,63}$/.test(word)) return undefined;
  return `${url.pathname}${url.search}`.includes(word) ? undefined : word;
}

function exchange(
  url: URL,
  host: string,
  body: string,
  headers: Readonly<Record<string, string>>,
  options: PostOptions,
): Promise<PostAnswer> {
  const secure = url.protocol === 'https:';
  const port = Number(url.port || (secure ? 443 : 80));
  const payload = Buffer.from(body, 'utf8');
  return new Promise<PostAnswer>((resolve, reject) => {
    let failure: DeliveryFailure | undefined;
    const settle = (error: DeliveryFailure) => {
      failure ??= error;
      done();
      reject(failure);
      request.destroy();
    };
    const request = (secure ? https : http).request(url, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(payload.length) },
      lookup: guardedLookup(options.allowHosts, port),
      agent: false,
      ...(secure && options.tls?.ca !== undefined ? { ca: options.tls.ca } : {}),
    });
    const timer = setTimeout(
      () => settle(new DeliveryFailure('timeout', `${host} did not answer within ${options.timeoutMs} ms.`)),
      options.timeoutMs,
    );
    const onAbort = () => settle(cancelled(host));
    options.signal.addEventListener('abort', onAbort, { once: true });
    const done = () => {
      clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
    };
    request.on('error', (error) => {
      done();
      reject(failure ?? fromSocketError(error, host));
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        if (size >= MAX_ANSWER_BYTES) return;
        chunks.push(chunk.subarray(0, MAX_ANSWER_BYTES - size));
        size += chunk.length;
        if (size >= MAX_ANSWER_BYTES) response.destroy();
      });
      const finish = () => {
        if (failure) return;
        done();
        resolve({
          status: response.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          host,
        });
      };
      response.on('end', finish);
      response.on('close', finish);
      response.on('error', () => undefined);
    });
    request.end(payload);
  });
}

function cancelled(host: string): DeliveryFailure {
  return new DeliveryFailure('timeout', `The attempt to reach ${host} was cancelled.`);
}

const TLS_CODES = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH|EPROTO$)/;

/** Maps a socket error to a stable code; the message names the host and nothing from the error's text. */
export function fromSocketError(error: unknown, host: string): DeliveryFailure {
  if (error instanceof DeliveryFailure) return error;
  const raw = (error as { code?: unknown } | null)?.code;
  const code = typeof raw === 'string' ? raw : '';
  if (code === 'EADDRREFUSED_BY_CONSOLE') {
    return new DeliveryFailure(
      'address_refused',
      `${host} resolves to a loopback, private or link-local address; the console does not send there unless NOTIFY_ALLOW_HOSTS names it.`,
      false,
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ENODATA' || code === 'EAI_FAIL')
    return new DeliveryFailure('dns_failed', `${host} does not resolve.`);
  if (TLS_CODES.test(code))
    return new DeliveryFailure('tls_failed', `The TLS handshake with ${host} failed (${code}).`);
  if (code === 'ETIMEDOUT') return new DeliveryFailure('timeout', `Connecting to ${host} timed out.`);
  if (/^(ECONNREFUSED|ECONNRESET|EPIPE|EHOSTUNREACH|ENETUNREACH|ECONNABORTED|EADDRNOTAVAIL)$/.test(code))
    return new DeliveryFailure('connect_failed', `Could not connect to ${host} (${code}).`);
  if (code === 'UND_ERR_SOCKET' || code === '' || /socket hang up/i.test(String((error as Error).message)))
    return new DeliveryFailure('connect_failed', `The connection to ${host} closed unexpectedly.`);
  return new DeliveryFailure('connect_failed', `Could not reach ${host} (${code}).`);
}
