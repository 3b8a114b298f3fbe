/**
 * One scan of one account (issue 11 item 1): pages through every secret (ListSecrets, following its marker)
 * and lists each secret's versions (ListSecretVersions, following its marker too) on the scan pool, while
 * the listing goes on. What it has read goes to the store in batches, with the lease renewed at each batch,
 * so every replica sees the progress. Each distinct event the secrets subscribe to is read once per scan
 * (ShowSecretEvent, as the listing names it, alongside the version reads), and each secret's row keeps
 * whether CSMS will notify anyone when its versions expire, by the secret page's own rule
 * (mapping/notification.ts); an event the scan could not read makes its secrets' answer `unknown`. The
 * account's notification records are read once per scan too (ListNotificationRecords), so a secret whose
 * newest version-expiry record failed answers `records_failing`, as its page does; when they cannot be read
 * the answers rest on the events alone (nothing turns `unknown` for it). A secret
 * whose read fails is stored with the reason and is never dropped; a listing that keeps failing ends the
 * scan with that error (the scan is then not complete). When the lease is lost (this scanner stalled past it
 * and another took over) or the process shuts down, the scan stops and writes nothing more.
 */
import type { FleetNotify } from '@csms-console/api-contract';
import type {
  CsmsClient,
  Event as CsmsEvent,
  NotificationRecord as CsmsRecord,
} from '@csms-console/csms-client';
import type { Logger } from 'pino';
import { AppError } from '../../errors.js';
import {
  notifyReason,
  readSubscribedEvent,
  subscribedEventName,
  type SubscribedEvent,
} from '../../mapping/notification.js';
import type { FleetSecretRow, FleetStore, FleetVersionRow } from '../../store/types.js';
import type { Upstream } from '../../upstream/types.js';
import type { ScanSlots } from './scan-slots.js';

const SECRET_PAGE = 100;
const VERSION_PAGE = 100;
/** Pages of one listing; far above CSMS's own limits (it keeps 20 versions of a secret). */
const MAX_PAGES = 10_000;
/** Attempts at one page of the secret listing before the scan gives up (each is retried by the client too). */
const LIST_ATTEMPTS = 3;

export interface ScanDeps {
  upstream: Upstream;
  store: FleetStore;
  slots: ScanSlots;
  now: () => number;
  logger: Logger;
  leaseMs: number;
  /** How often progress is written (and the lease renewed). */
  flushMs: number;
}

export interface ScanJob {
  account: string;
  scanId: string;
  owner: string;
  /** Aborted at shutdown. */
  signal: AbortSignal;
}

class LeaseLost extends Error {}

export async function runScan(deps: ScanDeps, job: ScanJob): Promise<void> {
  const { upstream, store, slots, now, logger } = deps;
  const { account, scanId, owner } = job;
  const stop = new AbortController();
  const signal = AbortSignal.any([job.signal, stop.signal]);
  const pending: FleetSecretRow[] = [];
  let total = 0;
  let writing = Promise.resolve();
  // Writes run one after another; a failed write puts its secrets back for the next one, so a store that
  // hiccups loses nothing, and the final write's error (if the store stays down) fails the scan.
  const flush = () => {
    writing = writing.then(async () => {
      if (signal.aborted) return;
      const secrets = pending.splice(0);
      let ok: boolean;
      try {
        ok = await store.progress({
          account,
          scanId,
          owner,
          now: now(),
          leaseMs: deps.leaseMs,
          secretsTotal: total,
          secrets,
        });
      } catch (error) {
        pending.unshift(...secrets);
        throw error;
      }
      if (!ok) stop.abort(new LeaseLost());
    });
    const settled = writing;
    writing = writing.catch(() => undefined);
    return settled;
  };
  const timer = setInterval(() => void flush().catch(() => undefined), deps.flushMs);
  timer.unref();

  const call = <T>(operation: string, fn: Parameters<Upstream['call']>[2], priority = false) =>
    slots.run(() => upstream.call(account, operation, fn, { pool: 'scan', signal }) as Promise<T>, priority);

  // The account's notification records, once per scan, ahead of the version reads like the events; each
  // secret's row waits for them. Undefined when they cannot be read.
  const records: Promise<Map<string, CsmsRecord[]> | undefined> = call<RecordPage>(
    'ListNotificationRecords',
    (c, s) => c.listNotificationRecords({ signal: s }),
    true,
  ).then(bySecret, (error: unknown) => {
    if (!signal.aborted)
      logger.warn(
        { event: 'fleet_scan_records_unreadable', account, scan_id: scanId, code: failureOf(error).code },
        'fleet scan could not read the notification records: notify answers rest on the events alone',
      );
    return undefined;
  });

  // One read per distinct event per scan, shared by every secret subscribing to it. It goes ahead of the
  // version reads (it is one call, and the rows of its secrets wait for it before they are written), but
  // nothing waits for it to start reading versions. `unreadable` makes its secrets' answer `unknown`.
  const events = new Map<string, Promise<SubscribedEvent | 'unreadable'>>();
  const eventOf = (eventName: string | undefined): Promise<SubscribedEvent | 'unreadable'> => {
    if (eventName === undefined) return Promise.resolve(undefined);
    let answer = events.get(eventName);
    if (answer === undefined) {
      answer = readSubscribedEvent(() =>
        call<CsmsEvent>('ShowSecretEvent', (c, s) => c.showSecretEvent(eventName, { signal: s }), true),
      ).catch((error: unknown) => {
        if (!signal.aborted)
          logger.warn(
            { event: 'fleet_scan_event_unreadable', account, scan_id: scanId, code: failureOf(error).code },
            'fleet scan could not read a subscribed event: its secrets answer notify unknown',
          );
        return 'unreadable' as const;
      });
      events.set(eventName, answer);
    }
    return answer;
  };
  const notifyOf = async (secret: string, eventName: string | undefined): Promise<FleetNotify> => {
    const [event, held] = await Promise.all([eventOf(eventName), records]);
    if (event === 'unreadable') return 'unknown';
    return notifyReason(event, held === undefined ? undefined : (held.get(secret) ?? []));
  };

  const reads: Promise<void>[] = [];
  const read = async (secret: string, state: string, notify: Promise<FleetNotify>) => {
    let row: Omit<FleetSecretRow, 'notify'>;
    try {
      row = { secret, secretState: state, versions: await readVersions(call, secret), error: null };
    } catch (error) {
      if (signal.aborted) return;
      row = { secret, secretState: state, versions: null, error: failureOf(error) };
    }
    pending.push({ ...row, notify: await notify });
  };

  let listError: { code: string; message: string } | undefined;
  try {
    let marker: string | undefined;
    const seen = new Set<string>();
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await listPage(call, marker, signal);
      for (const secret of result.secrets)
        reads.push(read(secret.name, secret.state, notifyOf(secret.name, subscribedEventName(secret))));
      total += result.secrets.length;
      const next = result.page_info.next_marker;
      if (result.secrets.length < SECRET_PAGE || !next || seen.has(next)) break;
      seen.add(next);
      marker = next;
    }
  } catch (error) {
    if (!signal.aborted) listError = failureOf(error);
  }
  try {
    await Promise.all(reads);
    clearInterval(timer);
    await flush();
    if (signal.aborted) return;
    await store.finish({ account, scanId, owner, now: now(), listError });
    if (listError)
      logger.warn(
        { event: 'fleet_scan_listing_failed', account, scan_id: scanId, code: listError.code },
        'fleet scan could not list every secret',
      );
  } finally {
    clearInterval(timer);
    if (signal.reason instanceof LeaseLost)
      logger.warn(
        { event: 'fleet_scan_lease_lost', account, scan_id: scanId },
        'fleet scan stopped: its lease was taken over',
      );
  }
}

type SecretPage = Awaited<ReturnType<CsmsClient['listSecrets']>>;
type RecordPage = Awaited<ReturnType<CsmsClient['listNotificationRecords']>>;

function bySecret(page: RecordPage): Map<string, CsmsRecord[]> {
  const out = new Map<string, CsmsRecord[]>();
  for (const record of page.records) {
    if (record.secret_name === undefined) continue;
    const list = out.get(record.secret_name);
    if (list) list.push(record);
    else out.set(record.secret_name, [record]);
  }
  return out;
}
type VersionPage = Awaited<ReturnType<CsmsClient['listSecretVersions']>>;
type Call = <T>(operation: string, fn: Parameters<Upstream['call']>[2], priority?: boolean) => Promise<T>;

async function listPage(call: Call, marker: string | undefined, signal: AbortSignal): Promise<SecretPage> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call<SecretPage>(
        'ListSecrets',
        (c, s) => c.listSecrets({ limit: SECRET_PAGE, marker, signal: s }),
        true,
      );
    } catch (error) {
      if (attempt >= LIST_ATTEMPTS || signal.aborted) throw error;
    }
  }
}

async function readVersions(call: Call, secret: string): Promise<FleetVersionRow[]> {
  const versions: FleetVersionRow[] = [];
  let marker: string | undefined;
  const seen = new Set<string>();
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await call<VersionPage>('ListSecretVersions', (c, s) =>
      c.listSecretVersions(secret, { limit: VERSION_PAGE, marker, signal: s }),
    );
    for (const v of result.version_metadatas)
      versions.push({ id: v.id, expire_time: v.expire_time ?? null, stages: [...v.version_stages] });
    const next = result.page_info?.next_marker;
    if (result.version_metadatas.length < VERSION_PAGE || !next || seen.has(next)) break;
    seen.add(next);
    marker = next;
  }
  return versions;
}

function failureOf(error: unknown): { code: string; message: string } {
  if (error instanceof AppError) return { code: error.code, message: error.message };
  return { code: 'internal_error', message: 'The scan could not read this secret.' };
}
