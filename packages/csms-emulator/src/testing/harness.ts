/**
 * Test harness (not exported by the package): starts an emulator on 127.0.0.1:0 and calls it over real HTTP,
 * signing with the client's `signRequest` — the same signer a production caller uses.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { signRequest } from '@csms-console/csms-client/signing';
import { silentLogger } from '../app.js';
import type { EmulatorOptions } from '../options.js';
import { startEmulator, type RunningEmulator } from '../server.js';
import type { AccessKeyCredential } from '../store/model.js';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** Parsed JSON body, or undefined when empty / not JSON. Tests assert on it field by field. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export interface RawRequest {
  method: string;
  /** Path plus optional raw query, sent exactly as given. */
  target: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export function rawCall(base: string, req: RawRequest): Promise<RawResponse> {
  const url = new URL(base);
  const headers = { ...req.headers };
  // node's client sends DELETE/OPTIONS bodies unframed unless told the length.
  if (req.body !== undefined && headers['content-length'] === undefined)
    headers['content-length'] = String(Buffer.byteLength(req.body));
  return new Promise((resolve, reject) => {
    const r = httpRequest(
      { host: url.hostname, port: url.port, method: req.method, path: req.target, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text === '' ? undefined : JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    r.on('error', reject);
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}

export interface CallOptions {
  query?: Array<[string, string]>;
  body?: unknown;
  /** Sign with this credential instead of the emulator's first one. */
  credential?: AccessKeyCredential;
  /** X-Project-Id to send; null sends none. Default: the emulator's project. */
  projectIdHeader?: string | null;
  /** Signing date. Default: the emulator clock's now. */
  date?: Date;
  /** Send X-Auth-Token instead of signing. */
  token?: string;
  /** Extra headers, signed. */
  headers?: Record<string, string>;
  /** Change the request after signing (tampering tests). */
  tamper?: (req: RawRequest) => void;
}

/** Where and as whom calls go. */
export interface CallTarget {
  url: string;
  projectId: string;
  credentials: AccessKeyCredential;
  /** Signing clock (epoch ms). */
  now: () => number;
}

export interface Caller {
  /** Path relative to `/v1/{project_id}`, e.g. `/secrets/x/versions`. */
  csms(method: string, path: string, options?: CallOptions): Promise<RawResponse>;
  /** Any path, signed. */
  call(method: string, path: string, options?: CallOptions): Promise<RawResponse>;
  admin(method: string, path: string, body?: unknown): Promise<RawResponse>;
  raw(req: RawRequest): Promise<RawResponse>;
}

export interface TestEmulator extends Caller {
  emu: RunningEmulator;
  close(): Promise<void>;
}

export function createCaller(target: CallTarget): Caller {
  const host = new URL(target.url).host;
  const call = (method: string, path: string, o: CallOptions = {}): Promise<RawResponse> => {
    const body =
      o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
    const query = o.query ?? [];
    const search = new URLSearchParams(query).toString();
    const base: Record<string, string> = { 'content-type': 'application/json', host, ...o.headers };
    const projectHeader = o.projectIdHeader === undefined ? target.projectId : o.projectIdHeader;
    if (projectHeader !== null && o.token === undefined) base['x-project-id'] = projectHeader;
    let headers: Record<string, string>;
    if (o.token !== undefined) {
      headers = { ...base, 'x-auth-token': o.token };
    } else {
      const credential = o.credential ?? target.credentials;
      if (credential.securityToken) base['x-security-token'] = credential.securityToken;
      headers = signRequest({
        method,
        path,
        query,
        headers: base,
        ...(body !== undefined ? { body } : {}),
        accessKey: credential.accessKey,
        secretKey: credential.secretKey,
        date: o.date ?? new Date(target.now()),
      }).headers;
    }
    const req: RawRequest = { method, target: search === '' ? path : `${path}?${search}`, headers };
    if (body !== undefined) req.body = body;
    o.tamper?.(req);
    return rawCall(target.url, req);
  };
  return {
    call,
    csms: (method, path, o) => call(method, `/v1/${target.projectId}${path}`, o),
    admin: (method, path, body) =>
      rawCall(target.url, {
        method,
        target: path,
        headers: { 'content-type': 'application/json' },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      }),
    raw: (req) => rawCall(target.url, req),
  };
}

export async function startTestEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const emu = await startEmulator({ logger: silentLogger, ...options });
  const caller = createCaller({
    url: emu.url,
    projectId: emu.projectId,
    credentials: emu.credentials,
    now: () => emu.clock.now(),
  });
  return { ...caller, emu, close: () => emu.close() };
}
