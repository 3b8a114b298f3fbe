/**
 * The BFF as a real process: `node --import tsx src/main.ts` in its directory, which is `tsx src/main.ts` in
 * one process rather than two, so SIGTERM and SIGKILL reach the BFF itself and a kill leaves no orphan.
 */
import { z } from 'zod';
import { BFF_DIR } from './places.js';
import { ReadySignalSchema } from './ready-signal.js';
import { startProcess, type RunningProcess, type StartOptions } from './start-process.js';

/** apps/bff/src/main.ts prints this once it listens and its first-start users exist. */
export const BffReadySchema = ReadySignalSchema.extend({
  service: z.literal('bff'),
  port: z.number().int().positive(),
  /** Demo mode's first start only: the users it made, with the passwords the banner shows once. */
  signIns: z.array(z.object({ name: z.string(), password: z.string() })).optional(),
});
export type BffReady = z.infer<typeof BffReadySchema>;
export type BffProcess = RunningProcess<BffReady>;

export interface StartBffOptions extends Pick<StartOptions<BffReady>, 'timeoutMs' | 'graceMs' | 'onOutput'> {
  /** The whole environment of the BFF (nothing is inherited). */
  env: NodeJS.ProcessEnv;
  /** Another checkout's `apps/bff` (say, the previous commit's, to compare two versions). */
  dir?: string;
  /** Flags for the BFF's node, e.g. `--cpu-prof`. */
  nodeArgs?: readonly string[];
}

export function startBff(options: StartBffOptions): Promise<BffProcess> {
  return startProcess({
    name: 'the BFF',
    service: 'bff',
    ready: BffReadySchema,
    command: process.execPath,
    args: [...(options.nodeArgs ?? []), '--import', 'tsx', 'src/main.ts'],
    cwd: options.dir ?? BFF_DIR,
    env: options.env,
    timeoutMs: options.timeoutMs,
    graceMs: options.graceMs,
    onOutput: options.onOutput,
  });
}
