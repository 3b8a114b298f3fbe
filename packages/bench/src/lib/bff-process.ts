/**
 * Runs the real BFF (`apps/bff/src/main.ts`) as a child process through @csms-console/process-kit, against a
 * CSMS account, with its first admin made by the users CLI: the bench drives the product as deployed, never
 * by importing from `apps/`.
 */
import { spawnSync } from 'node:child_process';
import { Agent, request } from 'node:http';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BFF_DIR, startBff as startBffProcess } from '@csms-console/process-kit';

/**
 * The BFF checkout to run; `BENCH_BFF_DIR` points at another copy (say, the previous commit's `apps/bff`) to
 * compare two versions in the same minutes. `BENCH_BFF_NODE_ARGS` go to the BFF's node, e.g.
 * `--cpu-prof --cpu-prof-dir=/tmp/prof` to see where a request's time goes.
 */
const bffDir = () => process.env.BENCH_BFF_DIR ?? BFF_DIR;
const nodeArgs = () => (process.env.BENCH_BFF_NODE_ARGS ?? '').split(' ').filter(Boolean);
export const ORIGIN = 'http://bench.local';

export interface RunningBff {
  url: string;
  /** Headers of a signed-in admin: cookie, CSRF header, origin. */
  headers: Record<string, string>;
  /** Headers of each of `users` (the option), signed in, by name. */
  sessions: Record<string, Record<string, string>>;
  /** The first admin's name and password, to sign in through the page (the web bench). */
  admin: { name: string; password: string };
  /**
   * CPU time the BFF process has used so far (user + system, ms), read from /proc: a figure the load of other
   * processes on the machine barely moves, unlike wall time. NaN where there is no /proc (not Linux).
   */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** utime + stime of `pid` in ms (fields 14 and 15 of /proc/<pid>/stat, in ticks of 10 ms on Linux). */
function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // the name may hold spaces
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

export interface CsmsAccount {
  url: string;
  region: string;
  projectId: string;
  credentials: { accessKey: string; secretKey: string };
}

export async function startBff(
  csms: CsmsAccount,
  extraEnv: Record<string, string> = {},
  /** More users to make with the users CLI before the BFF starts (several actors in the audit log). */
  users: ReadonlyArray<{ name: string; role: 'admin' | 'support' | 'auditor' }> = [],
): Promise<RunningBff> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    BFF_PORT: '0',
    BFF_PUBLIC_ORIGIN: ORIGIN,
    BFF_DATA_DIR: mkdtempSync(join(tmpdir(), 'bench-bff-')),
    BFF_SHUTDOWN_DELAY_MS: '0',
    RATE_READS_PER_MIN: '1000000',
    RATE_WRITES_PER_MIN: '1000000',
    RATE_ANON_PER_MIN: '1000000',
    CSMS_ACCOUNTS: 'bench',
    CSMS_BENCH_REGION: csms.region,
    CSMS_BENCH_PROJECT_ID: csms.projectId,
    CSMS_BENCH_ENDPOINT: csms.url,
    CSMS_BENCH_AK: csms.credentials.accessKey,
    CSMS_BENCH_SK: csms.credentials.secretKey,
    ...extraEnv,
  };
  const dir = bffDir();
  const addUser = (user: string, role: string): string => {
    const add = spawnSync(
      join(dir, 'node_modules/.bin/tsx'),
      ['src/cli/users.ts', 'add', user, '--role', role],
      {
        cwd: dir,
        env,
        encoding: 'utf8',
      },
    );
    const made = /Password \(shown once\): (\S+)/.exec(add.stdout)?.[1];
    if (add.status !== 0 || !made) throw new Error(`users CLI failed: ${add.stderr}`);
    return made;
  };
  const name = `bench${Date.now()}`;
  const password = addUser(name, 'admin');
  const passwords = users.map((u) => [u.name, addUser(u.name, u.role)] as const);
  const bff = await startBffProcess({
    env,
    dir,
    nodeArgs: nodeArgs(),
    // Its stderr is ours, as before: a crash under load shows up on the terminal at once.
    onOutput: (text, stream) => stream === 'stderr' && process.stderr.write(text),
  });
  const { url } = bff;
  const base = { 'x-csrf': '1', origin: ORIGIN, 'content-type': 'application/json' };
  const login = async (username: string, secret: string) => {
    const res = await fetch(`${url}/bff/login`, {
      method: 'POST',
      headers: base,
      body: JSON.stringify({ username, password: secret }),
    });
    if (res.status !== 200) {
      await bff.stop();
      throw new Error(`bench login answered ${res.status}`);
    }
    return { ...base, cookie: res.headers.getSetCookie()[0]!.split(';')[0]! };
  };
  const headers = await login(name, password);
  const sessions: Record<string, Record<string, string>> = {};
  for (const [user, secret] of passwords) sessions[user] = await login(user, secret);
  return {
    url,
    headers,
    sessions,
    admin: { name, password },
    cpuMs: () => cpuMsOf(bff.pid),
    stop: async () => {
      await bff.stop();
    },
  };
}

/** Runs `worker` in `concurrency` loops for `millis`; returns completed calls per second and latencies. */
export async function closedLoop(
  concurrency: number,
  millis: number,
  worker: (loop: number, i: number) => Promise<void>,
): Promise<{ perSecond: number; latencies: number[] }> {
  const latencies: number[] = [];
  const end = performance.now() + millis;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, loop) => {
      for (let i = 0; performance.now() < end; i++) {
        const t = performance.now();
        await worker(loop, i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { perSecond: latencies.length / ((performance.now() - started) / 1000), latencies };
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/**
 * One request over node:http with a keep-alive pool: the same HTTP stack our CSMS client uses, so the
 * baseline and the BFF are driven alike (undici's fetch costs a few ms more per call on these machines).
 */
export function httpCall(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: string }> {
  const target = new URL(url);
  return new Promise((resolvePromise, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: options.method ?? 'GET',
        headers: {
          ...options.headers,
          ...(options.body === undefined
            ? {}
            : { 'content-length': String(Buffer.byteLength(options.body)) }),
        },
        agent,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolvePromise({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
