/**
 * PGlite is one process's database: a second process opening the same directory would corrupt it. The BFF
 * holds `<dir>.lock` (its pid) while it runs; the users CLI refuses to open a locked directory.
 */
import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

const lockFile = (dir: string) => `${dir}.lock`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function assertNotLocked(dir: string): void {
  const file = lockFile(dir);
  if (!existsSync(file)) return;
  const pid = Number(readFileSync(file, 'utf8').trim());
  if (Number.isInteger(pid) && pid !== process.pid && alive(pid)) {
    throw new Error(
      `the console (pid ${pid}) is using the embedded database in ${dir}. Stop it first (PGlite serves one process), or run with DATABASE_URL.`,
    );
  }
}

export function takeLock(dir: string): () => void {
  assertNotLocked(dir);
  mkdirSync(dirname(dir), { recursive: true });
  writeFileSync(lockFile(dir), String(process.pid));
  return () => rmSync(lockFile(dir), { force: true });
}
