/** @csms-console/process-kit: start the BFF and the emulator as child processes, for tests, bench and e2e. */
export { startProcess, describeExit, type StartOptions, type RunningProcess } from './start-process.js';
export { ProcessStartError, type ProcessExit } from './errors.js';
export { READY_PREFIX, ReadySignalSchema, readReadyLine, type ReadySignal } from './ready-signal.js';
export { startBff, BffReadySchema, type BffReady, type BffProcess, type StartBffOptions } from './bff.js';
export {
  startEmulatorCli,
  EmulatorReadySchema,
  type EmulatorReady,
  type EmulatorProcess,
  type StartEmulatorOptions,
} from './emulator.js';
export { BFF_DIR, BFF_TSX, EMULATOR_CLI, EMULATOR_DIR, REPO_ROOT } from './places.js';
