/**
 * Bytes on the wire as Chromium counts them: every response a page receives, from the moment `recordWire`
 * is called until `stop()`, with its encoded size from the DevTools protocol (`Network.loadingFinished`
 * `encodedDataLength`: status line, headers and body as they crossed the connection, compressed when the
 * server compressed; 0 when the browser's HTTP cache answered). Requests are not counted, only what came
 * down. Shared by `pnpm bench --only web` and e2e/tests/wire-budget.spec.ts (`@csms-console/bench/wire`).
 */
import type { CDPSession, Page } from 'playwright-core';

export interface WireResponse {
  url: string;
  /** The DevTools resource type: Document, Script, Stylesheet, Fetch, Image, Other, ... */
  type: string;
  status: number;
  /** Bytes received for it: headers and (encoded) body. */
  bytes: number;
  /** Answered from the HTTP cache without a request on the wire. */
  fromCache: boolean;
  /** Response headers, names in lower case. */
  headers: Record<string, string>;
}

export interface WireReport {
  /** In the order the requests were sent. */
  responses: WireResponse[];
  /** Sum of `bytes`. */
  total: number;
}

export interface WireRecorder {
  /** Stops taking new requests, waits for those already started to end (at most `timeoutMs`), and sums. */
  stop(timeoutMs?: number): Promise<WireReport>;
}

interface Pending {
  /** When the request started, in order of `requestWillBeSent`. */
  seq: number;
  url: string;
  type: string;
  status: number;
  headers: Record<string, string>;
  fromCache: boolean;
}

const lowerCased = (headers: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), String(v)]));

/** A link to emulate (DevTools `Network.emulateNetworkConditions`): latency in ms, throughput in bytes/s. */
export interface LinkConditions {
  latency: number;
  downloadThroughput: number;
  uploadThroughput: number;
}

/**
 * Starts recording `page`'s responses; call before the first navigation to count the document too. With
 * `link`, the page's requests also go through that emulated link (on the same DevTools session).
 */
export async function recordWire(page: Page, link?: LinkConditions): Promise<WireRecorder> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  if (link) await cdp.send('Network.emulateNetworkConditions', { offline: false, ...link });
  const pending = new Map<string, Pending>();
  const done: (WireResponse & { seq: number })[] = [];
  const problems: string[] = [];
  let accepting = true;
  let sent = 0;
  let settle: (() => void) | undefined;
  const finish = (id: string, bytes: number) => {
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    done.push({ ...p, bytes });
    if (pending.size === 0) settle?.();
  };

  cdp.on('Network.requestWillBeSent', (e) => {
    // A redirect reuses the id and its own bytes are never reported: nothing here redirects, so say so.
    if (e.redirectResponse) problems.push(`a redirect to ${e.request.url} (its bytes are not counted)`);
    if (!accepting) return;
    pending.set(e.requestId, {
      seq: sent++,
      url: e.request.url,
      type: e.type ?? 'Other',
      status: 0,
      headers: {},
      fromCache: false,
    });
  });
  cdp.on('Network.requestServedFromCache', (e) => {
    const p = pending.get(e.requestId);
    if (p) p.fromCache = true;
  });
  cdp.on('Network.responseReceived', (e) => {
    const p = pending.get(e.requestId);
    if (!p) return;
    p.status = e.response.status;
    p.headers = lowerCased(e.response.headers);
    p.fromCache ||= e.response.fromDiskCache === true || e.response.fromPrefetchCache === true;
  });
  cdp.on('Network.loadingFinished', (e) => finish(e.requestId, e.encodedDataLength));
  cdp.on('Network.loadingFailed', (e) => finish(e.requestId, 0));

  return {
    async stop(timeoutMs = 10_000) {
      accepting = false;
      if (pending.size > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, timeoutMs);
          settle = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      await cdp.detach().catch(() => undefined);
      if (pending.size > 0) {
        const open = [...pending.values()].map((p) => p.url);
        problems.push(`requests still open after ${timeoutMs} ms: ${open.join(', ')}`);
      }
      if (problems.length > 0) throw new Error(`the wire count is incomplete: ${problems.join('; ')}`);
      // In the order the requests started (they finish in any order).
      const responses = [...done].sort((a, b) => a.seq - b.seq).map(({ seq: _seq, ...r }) => r);
      return { responses, total: responses.reduce((sum, r) => sum + r.bytes, 0) };
    },
  };
}

/** What a response is, for a breakdown: JS, CSS, HTML, API (the BFF's JSON) or other. */
export function kindOf(r: WireResponse): 'JS' | 'CSS' | 'HTML' | 'API' | 'other' {
  const path = new URL(r.url).pathname;
  if (r.type === 'Script' || path.endsWith('.js')) return 'JS';
  if (r.type === 'Stylesheet' || path.endsWith('.css')) return 'CSS';
  if (r.type === 'Document') return 'HTML';
  if (/^\/(api|bff)(\/|$)/.test(path)) return 'API';
  return 'other';
}

/** Bytes per kind, e.g. `{ JS: 120345, CSS: 3412, ... }`. */
export function bytesByKind(report: WireReport): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of report.responses) out[kindOf(r)] = (out[kindOf(r)] ?? 0) + r.bytes;
  return out;
}

/** True when a `Vary` header names Accept-Encoding. */
export function variesOnEncoding(r: WireResponse): boolean {
  return (r.headers.vary ?? '').split(',').some((name) => name.trim().toLowerCase() === 'accept-encoding');
}
