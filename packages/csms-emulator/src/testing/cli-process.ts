/** Runs `src/cli.ts` in a child process (as `pnpm emulator` does) and reads what it prints. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../cli.ts', import.meta.url));

export interface Running {
  child: ChildProcess;
  /** The printed `key   value` lines: endpoint, region, project id, access key, secret key, ... */
  lines: Map<string, string>;
}

/** Starts the CLI and resolves with its printed `key value` lines once it is ready. */
export function startCli(args: string[]): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    const lines = new Map<string, string>();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => reject(new Error(`CLI did not start: ${stderr}`)), 20_000);
    child.once('exit', (code) => reject(new Error(`CLI exited with ${code}: ${stderr}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = /^ {2}(.+?) {2,}(.+)$/.exec(line);
      if (m) lines.set(m[1]!, m[2]!);
      if (line.startsWith('  data')) {
        clearTimeout(timer);
        resolve({ child, lines });
      }
    });
  });
}

export function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}
