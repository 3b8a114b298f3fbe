/** Starts the bare baseline server (`serve.ts`) in a child process; see @csms-console/process-kit. */
import {
  ReadySignalSchema,
  startProcess,
  type RunningProcess,
  type ReadySignal,
} from '@csms-console/process-kit';
import { fileURLToPath } from 'node:url';

const SERVE = fileURLToPath(new URL('./serve.ts', import.meta.url));

export function startBareServer(bodyFile: string): Promise<RunningProcess<ReadySignal>> {
  return startProcess({
    name: 'the bare server',
    service: 'bench-bare',
    ready: ReadySignalSchema,
    command: process.execPath,
    args: ['--import', 'tsx', SERVE, bodyFile],
    timeoutMs: 30_000,
    // Its stderr is ours: a crash under load shows up on the terminal at once.
    onOutput: (text, stream) => stream === 'stderr' && process.stderr.write(text),
  });
}
