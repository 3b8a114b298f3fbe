/** @csms-console/csms-emulator: a local Huawei Cloud CSMS (and IAM token endpoint) for tests, demos and benches. */
export { startEmulator, type RunningEmulator } from './server.js';
export type { EmulatorOptions } from './options.js';
export type { Logger } from './app.js';
export { silentLogger } from './app.js';
export type { EmulatorClock, ClockStatus } from './clock.js';
export type { Fault, FaultSpec, FaultRegistry } from './faults.js';
export type { RequestLog, RequestLogEntry } from './request-log.js';
export type { AccessKeyCredential, ProjectState } from './store/model.js';
export { OPERATION_TABLE, type OperationInfo } from './routes/index.js';
