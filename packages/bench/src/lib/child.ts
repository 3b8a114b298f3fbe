/** Starts `serve.ts` in a child process and resolves with what it reports once it listens. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface Served<T> {
  info: T;
  /** The child's process id (for its CPU counters). */
  pid: number | undefined;
  stop(): Promise<void>;
}

const SERVE = fileURLToPath(new URL('./serve.ts', import.meta.url));

export async function serveInChild<T>(args: string[], timeoutMs = 30_000): Promise<Served<T>> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', SERVE, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const info = await new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve.ts ${args.join(' ')} did not start`)), timeoutMs);
    child.once('exit', (code) => reject(new Error(`serve.ts ${args.join(' ')} exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('READY ')) return;
      clearTimeout(timer);
      resolve(JSON.parse(line.slice(6)) as T);
    });
  });
  return {
    info,
    pid: child.pid,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
