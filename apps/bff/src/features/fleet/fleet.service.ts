/**
 * The fleet expiry view (issue 11 item 1). Answers come from the store's scan cache, so every replica answers
 * from the same scan: the newest complete scan when there is one, else the newest scan with what it has so
 * far (`complete: false`). When the account has no complete scan, or its newest is older than `maxAgeMs`, and
 * no scan runs anywhere, this process takes the account's lease and scans in the background while the
 * answer goes out from what the store holds. A scan whose listing of secrets failed is retried after
 * min(`maxAgeMs`, 30 s), not on every request. A complete scan never changes, so its rows are kept in memory
 * per account and only the scan list is read on a warm answer.
 */
import { randomUUID } from 'node:crypto';
import type { FleetExpiry } from '@csms-console/api-contract';
import type { Logger } from 'pino';
import { consoleNotifier } from '../../mapping/console-notification.js';
import type { NotifyHealthStore } from '../../store/notify-health-store.js';
import type { FleetScanRow, FleetSecretRow, FleetStore } from '../../store/types.js';
import { ulid } from '../../store/ulid.js';
import type { Upstream } from '../../upstream/types.js';
import { fleetAnswer } from './fleet-answer.js';
import { runScan } from './fleet-scan.js';
import { ScanSlots } from './scan-slots.js';

export interface FleetSettings {
  /** A complete scan older than this (since it finished) is refreshed in the background. */
  maxAgeMs: number;
  /** Scan calls in flight at once across every account (the scan pool's size). */
  concurrency: number;
  /** How long a scan's lease lasts without renewal (its scanner crashed: another process takes over). */
  leaseMs?: number;
  /** How often a running scan writes its progress and renews its lease. */
  flushMs?: number;
}

export class FleetService {
  readonly #owner = `${process.pid}-${randomUUID()}`;
  readonly #slots: ScanSlots;
  readonly #shutdown = new AbortController();
  readonly #running = new Set<Promise<void>>();
  readonly #complete = new Map<string, { scanId: string; rows: FleetSecretRow[] }>();

  constructor(
    private readonly deps: {
      upstream: Upstream;
      store: FleetStore;
      /** The console's rules and channels, read at answer time for `console_notify`. */
      notifyHealth: NotifyHealthStore;
      now: () => number;
      logger: Logger;
      settings: FleetSettings;
    },
  ) {
    this.#slots = new ScanSlots(deps.settings.concurrency);
  }

  async expiry(account: string, within: number | 'all'): Promise<FleetExpiry> {
    const [{ scan, rows }, health] = await Promise.all([
      this.#current(account),
      this.deps.notifyHealth.read(),
    ]);
    return fleetAnswer(scan, rows, within, this.deps.now(), consoleNotifier(health, account));
  }

  /**
   * What `expiry` answers from, as `cached` gives it, after starting a background scan when the account has
   * none or it is stale (the audit page's outside-changes comparison: an auditor should not need to open the
   * board first). Null when there is still no scan to show.
   */
  async current(account: string): Promise<{
    scannedAt: number;
    complete: boolean;
    rows: FleetSecretRow[];
    listError: { code: string; message: string } | null;
  } | null> {
    const { scan, complete, rows } = await this.#current(account);
    return scan === undefined
      ? null
      : { scannedAt: scan.startedAt, complete, rows, listError: scan.listError };
  }

  /**
   * What the cache holds for `account`, from the scan `expiry` would answer from (the newest complete one,
   * else the newest with what it has so far: `complete` false); null before any scan. Reads the store only:
   * never starts a scan, never calls CSMS (the secrets list shows expiries from here).
   */
  async cached(
    account: string,
  ): Promise<{ scannedAt: number; complete: boolean; rows: FleetSecretRow[] } | null> {
    const scans = await this.deps.store.scans(account, this.deps.now());
    const complete = scans.find((s) => s.finishedAt !== null && s.listError === null);
    const shown = complete ?? scans[0];
    if (shown === undefined) return null;
    return {
      scannedAt: shown.startedAt,
      complete: shown === complete,
      rows: await this.#rows(shown, shown === complete),
    };
  }

  /** The scan to answer from, starting one in the background first when none is fresh. */
  async #current(
    account: string,
  ): Promise<{ scan: FleetScanRow | undefined; complete: boolean; rows: FleetSecretRow[] }> {
    const { store, now, settings } = this.deps;
    this.deps.upstream.assertAccount(account);
    let scans = await store.scans(account, now());
    const complete = scans.find((s) => s.finishedAt !== null && s.listError === null);
    const running = scans.some((s) => s.running);
    const stale = complete === undefined || now() - (complete.finishedAt ?? 0) > settings.maxAgeMs;
    // A listing that just failed is not retried on every request: it waits as long as a stale cache would
    // (at most 30 s), and the failure is what the answer shows meanwhile.
    const failed = scans[0]?.listError ? (scans[0].finishedAt ?? 0) : undefined;
    const backingOff = failed !== undefined && now() - failed < Math.min(settings.maxAgeMs, 30_000);
    if (!running && stale && !backingOff && (await this.#start(account)) && complete === undefined)
      scans = await store.scans(account, now());
    const shown = complete ?? scans[0];
    const rows = shown === undefined ? [] : await this.#rows(shown, shown === complete);
    return { scan: shown, complete: shown !== undefined && shown === complete, rows };
  }

  /** Stops this process's scans (they write nothing more; their leases run out) and waits for them. */
  async close(): Promise<void> {
    this.#shutdown.abort(new Error('shutdown'));
    await Promise.allSettled([...this.#running]);
  }

  async #rows(scan: FleetScanRow, complete: boolean): Promise<FleetSecretRow[]> {
    const cached = this.#complete.get(scan.account);
    if (complete && cached?.scanId === scan.scanId) return cached.rows;
    const rows = await this.deps.store.secrets(scan.scanId);
    if (complete) this.#complete.set(scan.account, { scanId: scan.scanId, rows });
    return rows;
  }

  /** Takes the account's lease and starts a scan in the background; false when another scan holds it. */
  async #start(account: string): Promise<boolean> {
    if (this.#shutdown.signal.aborted) return false;
    const { store, now, logger, settings } = this.deps;
    const scanId = ulid(now());
    const leaseMs = settings.leaseMs ?? 30_000;
    const claimed = await store.claim({ account, scanId, owner: this.#owner, now: now(), leaseMs });
    if (!claimed) return false;
    logger.info({ event: 'fleet_scan_started', account, scan_id: scanId }, 'fleet scan started');
    const deps = { ...this.deps, slots: this.#slots, leaseMs, flushMs: settings.flushMs ?? 500 };
    const scan = runScan(deps, { account, scanId, owner: this.#owner, signal: this.#shutdown.signal })
      .then(() => logger.info({ event: 'fleet_scan_ended', account, scan_id: scanId }, 'fleet scan ended'))
      .catch((error: unknown) =>
        logger.error(
          { event: 'fleet_scan_failed', account, scan_id: scanId, err: error },
          'fleet scan failed',
        ),
      )
      .finally(() => this.#running.delete(scan));
    this.#running.add(scan);
    return true;
  }
}
