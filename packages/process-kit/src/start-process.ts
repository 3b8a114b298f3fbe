/**
 * `startProcess`: spawns a child and resolves once it prints its ready line (ready-signal.ts) for the named
 * service. It rejects, with the exit code or signal and the tail of the output, if the child exits first; and
 * kills the child and rejects if it is not ready in time, so a broken start never hangs a test or leaks a
 * process. stdout and stderr are collected (and handed to `onOutput`) for the child's whole life.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { z } from 'zod';
import { ProcessStartError, type ProcessExit } from './errors.js';
import { readReadyLine, type ReadySignal } from './ready-signal.js';

export interface StartOptions<R extends ReadySignal> {
  /** For messages, e.g. "the BFF". */
  name: string;
  command: string;
  args: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** The `service` of the ready line to wait for; other services' ready lines are ignored. */
  service: string;
  /** The ready line's full shape for this service; a ready line that does not match fails the start. */
  ready: z.ZodType<R>;
  /** Default 60 s. */
  timeoutMs?: number;
  /** How long `stop()` waits after SIGTERM before SIGKILL; default 10 s. */
  graceMs?: number;
  /** Every chunk as it arrives (to tee into a log file, or echo to the terminal). */
  onOutput?: (text: string, stream: 'stdout' | 'stderr') => void;
}

export interface RunningProcess<R extends ReadySignal> {
  child: ChildProcess;
  pid: number;
  /** The ready line, parsed. */
  ready: R;
  url: string;
  port: number;
  /** stdout and stderr so far, interleaved as they arrived. */
  readonly output: string;
  /** Settles when the child exits, however that happens. */
  exited: Promise<ProcessExit>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit. At once if it has exited already. */
  stop(graceMs?: number): Promise<ProcessExit>;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_GRACE_MS = 10_000;
const TAIL_CHARS = 4_000;

export function startProcess<R extends ReadySignal>(options: StartOptions<R>): Promise<RunningProcess<R>> {
  const child = spawn(options.command, [...options.args], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<ProcessExit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  // 'close' follows 'exit' once stdio has drained: the last words of a crash are in the output by then.
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const stop = async (graceMs = options.graceMs ?? DEFAULT_GRACE_MS): Promise<ProcessExit> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      void exited.then(() => clearTimeout(timer));
    }
    return exited;
  };

  let output = '';
  let pending = '';
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (run: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      run();
    };
    const tail = () => output.slice(-TAIL_CHARS);
    const fail = (why: string, exit?: ProcessExit) =>
      settle(() => {
        // Never leave a child behind that did not start: stop it before the caller hears why.
        void Promise.all([exit ?? stop(), Promise.race([closed, delay(500)])]).then(([end]) =>
          reject(new ProcessStartError(`${options.name} ${why}`, end, tail())),
        );
      });
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const timer = setTimeout(() => fail(`was not ready within ${timeoutMs} ms`), timeoutMs);

    const onLine = (line: string) => {
      const read = readReadyLine(line);
      if (read.kind === 'other' || settled) return;
      if (read.kind === 'malformed') return fail(`printed a broken ready line: ${read.problem}`);
      if (read.service !== options.service) return;
      const parsed = options.ready.safeParse(read.value);
      if (!parsed.success)
        return fail(`printed a ready line we cannot use: ${z.prettifyError(parsed.error)}`);
      const ready = parsed.data;
      settle(() =>
        resolve({
          child,
          pid: child.pid!,
          ready,
          url: ready.url,
          port: Number(new URL(ready.url).port),
          get output() {
            return output;
          },
          exited,
          stop,
        }),
      );
    };
    // Decoded by the streams, so a character split across two chunks arrives whole.
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      output += text;
      options.onOutput?.(text, 'stdout');
      const lines = (pending + text).split('\n');
      pending = lines.pop()!;
      for (const line of lines) onLine(line.trimEnd());
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      output += text;
      options.onOutput?.(text, 'stderr');
    });
    child.on('error', (error) =>
      fail(`could not be started: ${error.message}`, { code: null, signal: null }),
    );
    void exited.then((exit) => fail(`exited ${describeExit(exit)} before it was ready`, exit));
  });
}

export function describeExit(exit: ProcessExit): string {
  return exit.signal ? `on ${exit.signal}` : `with code ${exit.code}`;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
