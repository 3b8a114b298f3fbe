/** startProcess against a real child (testing/fixture.ts): ready, early exit, deadline, stop's escalation. */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ProcessStartError } from './errors.js';
import { readReadyLine, ReadySignalSchema } from './ready-signal.js';
import { startProcess } from './start-process.js';

const FIXTURE = fileURLToPath(new URL('./testing/fixture.ts', import.meta.url));
const FixtureReadySchema = ReadySignalSchema.extend({ service: z.literal('fixture'), answer: z.number() });

const start = (flags: string[], options: { timeoutMs?: number; graceMs?: number } = {}) =>
  startProcess({
    name: 'the fixture',
    service: 'fixture',
    ready: FixtureReadySchema,
    command: process.execPath,
    args: [FIXTURE, ...flags],
    env: { PATH: process.env.PATH },
    ...options,
  });

/** The rejection of `promise`, which must reject with a ProcessStartError. */
async function startError(promise: Promise<unknown>): Promise<ProcessStartError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProcessStartError);
  return error as ProcessStartError;
}

/** True while a process with this id exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('startProcess', () => {
  it('resolves on its own ready line only, with its facts, and keeps collecting output', async () => {
    const seen: string[] = [];
    const running = await startProcess({
      name: 'the fixture',
      service: 'fixture',
      ready: FixtureReadySchema,
      command: process.execPath,
      args: [FIXTURE, '--ready'],
      env: { PATH: process.env.PATH },
      onOutput: (text) => seen.push(text),
    });
    // Not the pino-shaped line (port 1) nor the other service's (port 2): the split line that came last.
    expect(running.url).toBe('http://127.0.0.1:4321');
    expect(running.port).toBe(4321);
    expect(running.ready).toEqual({
      event: 'ready',
      service: 'fixture',
      url: 'http://127.0.0.1:4321',
      answer: 42,
    });
    expect(running.pid).toBe(running.child.pid);
    await expect.poll(() => running.output).toContain('after ready');
    expect(await running.stop()).toEqual({ code: 0, signal: null });
    expect(running.output).toMatch(/fixture starting[\s\S]*after ready\nbye\n$/);
    expect(seen.join('')).toBe(running.output);
    expect(await running.exited).toEqual({ code: 0, signal: null });
    expect(await running.stop()).toEqual({ code: 0, signal: null }); // stopping twice is harmless
  }, 20_000);

  it('rejects when the child exits before it is ready, with its exit code and last output', async () => {
    const error = await startError(start(['--exit=3']));
    expect(error.exit).toEqual({ code: 3, signal: null });
    expect(error.output).toContain('fixture starting');
    expect(error.output).toContain('boom: the fixture failed on purpose'); // stderr too
    expect(error.message).toMatch(/^the fixture exited with code 3 before it was ready; its last output:\n/);
    expect(error.message).toContain('boom: the fixture failed on purpose');
  }, 20_000);

  it('kills a child that is not ready in time, and only then rejects', async () => {
    const started = performance.now();
    const error = await startError(start([], { timeoutMs: 1_000 }));
    expect(performance.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(error.message).toMatch(/^the fixture was not ready within 1000 ms/);
    expect(error.exit).toEqual({ code: 0, signal: null }); // its SIGTERM handler ran: "bye"
    expect(error.output).toBe('fixture starting\nbye\n');
  }, 20_000);

  it('kills a child that ignores SIGTERM at the deadline with SIGKILL after the grace period', async () => {
    const error = await startError(start(['--ignore-term'], { timeoutMs: 500, graceMs: 500 }));
    expect(error.exit).toEqual({ code: null, signal: 'SIGKILL' });
    expect(error.output).toContain('ignoring SIGTERM');
  }, 20_000);

  it('stop() sends SIGTERM, then SIGKILL once the grace period is over', async () => {
    const running = await start(['--ready', '--ignore-term']);
    const started = performance.now();
    expect(await running.stop(700)).toEqual({ code: null, signal: 'SIGKILL' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(700);
    expect(running.output).toContain('ignoring SIGTERM');
    expect(alive(running.pid)).toBe(false);
  }, 20_000);

  it('fails, and kills the child, on a ready line that does not parse', async () => {
    const error = await startError(start(['--broken']));
    expect(error.message).toMatch(/^the fixture printed a broken ready line: .*url/s);
    expect(error.exit).toEqual({ code: 0, signal: null });
  }, 20_000);

  it('rejects when the command cannot be run at all', async () => {
    const error = await startError(
      startProcess({
        name: 'nothing',
        service: 'x',
        ready: ReadySignalSchema,
        command: '/nonexistent/command',
        args: [],
      }),
    );
    expect(error.message).toMatch(/^nothing could not be started: .*ENOENT/);
  });
});

describe('readReadyLine', () => {
  it('takes only lines that begin with {"event":"ready" and checks what every ready line carries', () => {
    expect(readReadyLine('{"level":30,"event":"ready","service":"bff","url":"http://a:1"}')).toEqual({
      kind: 'other',
    });
    expect(readReadyLine('CSMS Version Console BFF listening on http://127.0.0.1:1')).toEqual({
      kind: 'other',
    });
    expect(readReadyLine('{"event":"ready","service":"bff","url":"http://a:1"}')).toEqual({
      kind: 'ready',
      service: 'bff',
      value: { event: 'ready', service: 'bff', url: 'http://a:1' },
    });
    expect(readReadyLine('{"event":"ready","service":"bff"').kind).toBe('malformed');
    expect(readReadyLine('{"event":"ready","url":"http://a:1"}').kind).toBe('malformed');
  });
});
