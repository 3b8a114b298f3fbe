/** The CSMS emulator's CLI (`pnpm emulator`) as a child process, in one node process with tsx's loader. */
import { z } from 'zod';
import { EMULATOR_CLI, EMULATOR_DIR } from './places.js';
import { ReadySignalSchema } from './ready-signal.js';
import { startProcess, type RunningProcess, type StartOptions } from './start-process.js';

/** packages/csms-emulator/src/cli.ts prints this after its banner: what a caller needs to reach it. */
export const EmulatorReadySchema = ReadySignalSchema.extend({
  service: z.literal('csms-emulator'),
  port: z.number().int().positive(),
  region: z.string(),
  projectId: z.string(),
  credentials: z.object({
    accessKey: z.string(),
    secretKey: z.string(),
    securityToken: z.string().optional(),
    actions: z.array(z.string()).optional(),
  }),
  iam: z.object({ url: z.string(), user: z.string(), password: z.string(), domain: z.string() }),
  admin: z.boolean(),
  /** The persistent data file, or null when the state is in memory only. */
  dataFile: z.string().nullable(),
});
export type EmulatorReady = z.infer<typeof EmulatorReadySchema>;
export type EmulatorProcess = RunningProcess<EmulatorReady>;

export interface StartEmulatorOptions extends Pick<
  StartOptions<EmulatorReady>,
  'timeoutMs' | 'graceMs' | 'onOutput'
> {
  /** The CLI's flags, e.g. `['--seed', 'demo', '--port', '0']`. */
  args: readonly string[];
  /** Default: this process's environment. */
  env?: NodeJS.ProcessEnv;
}

export function startEmulatorCli(options: StartEmulatorOptions): Promise<EmulatorProcess> {
  return startProcess({
    name: 'the CSMS emulator',
    service: 'csms-emulator',
    ready: EmulatorReadySchema,
    command: process.execPath,
    args: ['--import', 'tsx', EMULATOR_CLI, ...options.args],
    cwd: EMULATOR_DIR,
    env: options.env,
    timeoutMs: options.timeoutMs ?? 30_000,
    graceMs: options.graceMs,
    onOutput: options.onOutput,
  });
}
