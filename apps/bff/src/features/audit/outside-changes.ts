/**
 * Outside changes (issue 12): versions whose expiry in the newest fleet scan differs from the last value this
 * console set on them, i.e. someone changed it in the cloud console or through the API. Reads the scan cache
 * (starting a background scan when the account has none or it is stale, as the fleet board does; never
 * calling CSMS itself) and one audit query. Versions are left out when the comparison
 * would not be sound: the console never changed them, the scan did not read them (its secret failed, or the
 * scan is still running), the console's last change settled after (or less than OUTSIDE_CHANGES_SKEW_MS before; a change's time is the clock of the replica that wrote
 * its row, the scan's start the clock of the one that scanned) the scan
 * started (the scan may have read the value before it), or a console change of it is still pending.
 */
import { OUTSIDE_CHANGES_SKEW_MS, type OutsideChange, type OutsideChanges } from '@csms-console/api-contract';
import type { AuditStore } from '../../store/types.js';
import type { Upstream } from '../../upstream/types.js';
import type { FleetService } from '../fleet/fleet.service.js';
import { sameSecond } from '../versions/versions.service.js';

export class OutsideChangesService {
  constructor(
    private readonly deps: {
      audit: Pick<AuditStore, 'lastChanges'>;
      fleet: Pick<FleetService, 'current'>;
      upstream: Pick<Upstream, 'assertAccount'>;
    },
  ) {}

  async list(account: string): Promise<OutsideChanges> {
    this.deps.upstream.assertAccount(account);
    const [scan, changes] = await Promise.all([
      this.deps.fleet.current(account),
      this.deps.audit.lastChanges(account),
    ]);
    if (scan === null) return { scanned_at: null, complete: false, listing_error: null, items: [] };
    const scanned = new Map<string, number | null>();
    for (const secret of scan.rows) {
      for (const v of secret.versions ?? []) scanned.set(`${secret.secret}\u0000${v.id}`, v.expire_time);
    }
    const items: OutsideChange[] = [];
    for (const change of changes) {
      if (change.pending_after || change.at >= scan.scannedAt - OUTSIDE_CHANGES_SKEW_MS) continue;
      const key = `${change.secret}\u0000${change.version}`;
      if (!scanned.has(key)) continue;
      const current = scanned.get(key) ?? null;
      if (sameSecond(current, change.expire_time)) continue;
      items.push({
        secret: change.secret,
        version: change.version,
        current_expire_time: current,
        console_expire_time: change.expire_time,
        console_set_at: change.at,
        console_actor: change.actor_name,
        console_entry: change.id,
      });
    }
    items.sort((a, b) => a.secret.localeCompare(b.secret) || a.version.localeCompare(b.version));
    return { scanned_at: scan.scannedAt, complete: scan.complete, listing_error: scan.listError, items };
  }
}
