/**
 * The BFF as a real process (`tsx src/main.ts`) for the process-level tests: spawned with a given
 * environment, resolved once its start-up banner has been printed in full (the banner ends with a blank line
 * and carries the URL and, on a demo first start, the sign-ins).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BFF_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const TSX = join(BFF_DIR, 'node_modules/.bin/tsx');

export interface BffProcess {
  child: ChildProcess;
  url: string;
  /** stdout and stderr so far. */
  output: string;
  exited: Promise<number | null>;
}

export function spawnBff(env: Record<string, string | undefined>): Promise<BffProcess> {
  const child = spawn(TSX, ['src/main.ts'], { cwd: BFF_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const running: BffProcess = { child, url: '', output: '', exited };
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`BFF did not start:\n${running.output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      running.output += chunk.toString('utf8');
      const at = running.output.search(/listening on http:\/\/[0-9.]+:[0-9]+/);
      const match = /listening on (http:\/\/[0-9.]+:[0-9]+)/.exec(running.output);
      if (match && running.output.slice(at).includes('\n\n')) {
        clearTimeout(timer);
        running.url = match[1]!;
        resolvePromise(running);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => reject(new Error(`BFF exited with ${code}:\n${running.output}`)));
  });
}
