/**
 * Builds the emulator's parts from options: opens the data file (if any), settles who the emulator is
 * (options, else what the data file kept, else generated) and what it holds (the file, else the seed).
 */
import { consoleLogger, type EmulatorApp } from './app.js';
import { IdentityRegistry, generateCredential, generateIamUser, randomHex } from './auth/identity.js';
import { EmulatorClock } from './clock.js';
import { ExpiryScheduler } from './domain/expiry-scheduler.js';
import { FaultRegistry } from './faults.js';
import type { ResolvedOptions } from './options.js';
import { RequestLog } from './request-log.js';
import { seedProject } from './seed.js';
import { DataFile } from './store/data-file.js';
import type { EmulatorIdentity, IamUser, PersistedDocument } from './store/model.js';
import { getOwn, setOwn } from './store/own.js';
import { Store } from './store/store.js';

export const DEFAULT_REGION = 'cn-north-4';

function resolveIdentity(options: ResolvedOptions, kept: EmulatorIdentity | null): EmulatorIdentity {
  const domainId = kept?.iamUsers[0]?.domainId ?? randomHex(16);
  const iamUsers: IamUser[] | undefined = options.iamUsers?.map((u) =>
    generateIamUser({
      domain: u.domain ?? 'csms-emulator',
      domainId,
      user: u.user,
      password: u.password,
      ...(u.actions ? { actions: u.actions } : {}),
    }),
  );
  return {
    projectId: options.projectId ?? kept?.projectId ?? randomHex(16),
    region: options.region ?? kept?.region ?? DEFAULT_REGION,
    credentials: options.credentials ?? kept?.credentials ?? [generateCredential()],
    iamUsers: iamUsers ?? kept?.iamUsers ?? [generateIamUser({ domainId })],
  };
}

export function createApp(options: ResolvedOptions, url: () => string): EmulatorApp {
  const logger = options.logger ?? consoleLogger;
  const clock = new EmulatorClock(options.clock);
  const opened = options.dataFile ? DataFile.open(options.dataFile) : undefined;
  try {
    if (opened?.droppedTornTail)
      logger.info(`${options.dataFile}: dropped an incomplete, never-acknowledged last write`);
    const kept = options.resetData ? null : (opened?.document ?? null);
    const identity = resolveIdentity(options, kept?.identity ?? null);
    const document: PersistedDocument = kept ?? { state: { schema: 1, projects: {} }, tokens: {}, identity };
    document.identity = identity;
    if (!getOwn(document.state.projects, identity.projectId))
      setOwn(
        document.state.projects,
        identity.projectId,
        seedProject(options.seed, clock.now(), identity.projectId),
      );

    const store = new Store(document, opened?.dataFile ?? null);
    store.pruneTokens(clock.now());
    const registry = new IdentityRegistry(identity.credentials, identity.iamUsers);
    return {
      store,
      clock,
      identity: registry,
      faults: new FaultRegistry(options.random),
      requestLog: new RequestLog(options.requestLogSize),
      scheduler: new ExpiryScheduler(store, clock),
      services: {
        store,
        identity: registry,
        region: identity.region,
        mainProjectId: identity.projectId,
        url,
      },
      projectId: identity.projectId,
      region: identity.region,
      notFoundStatus: options.notFoundStatus,
      admin: options.admin,
      seed: options.seed,
      seedProject: (spec, projectId) => seedProject(spec, clock.now(), projectId),
      logger,
      timers: new Set(),
    };
  } catch (error) {
    opened?.dataFile.close();
    throw error;
  }
}
