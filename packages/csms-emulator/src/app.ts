/** The running emulator's parts, wired once; the HTTP layer and the admin surface both work on this. */
import type { IdentityRegistry } from './auth/identity.js';
import type { EmulatorClock } from './clock.js';
import type { ExpiryScheduler } from './domain/expiry-scheduler.js';
import type { FaultRegistry } from './faults.js';
import type { RequestLog } from './request-log.js';
import type { Services } from './routes/context.js';
import type { ProjectState } from './store/model.js';
import type { Store } from './store/store.js';

export interface Logger {
  info(message: string): void;
  error(message: string, error?: unknown): void;
}

export const consoleLogger: Logger = {
  info: (message) => console.log(message),
  error: (message, error) => console.error(message, error ?? ''),
};

export const silentLogger: Logger = { info: () => undefined, error: () => undefined };

export interface EmulatorApp {
  store: Store;
  clock: EmulatorClock;
  identity: IdentityRegistry;
  faults: FaultRegistry;
  requestLog: RequestLog;
  scheduler: ExpiryScheduler;
  services: Services;
  projectId: string;
  region: string;
  /** Status of "not found" answers: 404 (default) or 400 as the docs' error table files them. */
  notFoundStatus: 400 | 404;
  admin: boolean;
  /** The seed the main project starts from, and returns to on reset. */
  seed: string;
  /** Builds a project from a seed spec at the emulator clock's now; throws on an unknown spec. */
  seedProject(spec: string, projectId: string): ProjectState;
  logger: Logger;
  /** Pending latency timers, cleared on close. */
  timers: Set<NodeJS.Timeout>;
}

/**
 * Back to a known state: the main project re-seeded (throws on an unknown seed, changing nothing), other
 * projects dropped, faults, request log and clock offset cleared. Credentials and tokens stay.
 */
export function resetApp(app: EmulatorApp, seed = app.seed): ProjectState {
  const clockWas = app.clock.status();
  app.clock.reset();
  let project: ProjectState;
  try {
    project = app.seedProject(seed, app.projectId);
  } catch (error) {
    app.clock.set(clockWas.now);
    throw error;
  }
  app.faults.clear();
  app.requestLog.clear();
  app.requestLog.resetStats();
  app.store.reset({ [app.projectId]: project });
  return project;
}
