/**
 * Version-expiry notifications. A version is armed while `expire_time` is set and differs from
 * `expiry_notified_for`. Once the emulator clock reaches `expire_time` the version is marked notified for
 * that expiry and, if its secret subscribes to an ENABLED event that includes SECRET_VERSION_EXPIRED, exactly
 * one record is written, dated at the expiry. UpdateVersion re-arms (sets `expiry_notified_for` to null).
 *
 * `check()` costs one comparison against the earliest armed expiry, so it runs before every request, after
 * every clock move and on a 1 s timer; records are therefore never late, whatever moves the clock.
 */
import type { EmulatorClock } from '../clock.js';
import type { Change } from '../store/changes.js';
import type { StoredSecret } from '../store/model.js';
import type { Store } from '../store/store.js';
import { firingEvent, versionRecord } from './notifications.js';

const isArmed = (v: {
  expire_time: number | null;
  expiry_notified_for: number | null;
}): v is { expire_time: number; expiry_notified_for: number | null } =>
  v.expire_time !== null && v.expiry_notified_for !== v.expire_time;

export class ExpiryScheduler {
  /** Earliest armed expiry; -Infinity forces a full scan. */
  private nextDue = -Infinity;

  constructor(
    private readonly store: Store,
    private readonly clock: EmulatorClock,
  ) {
    store.onCommit((changes) => this.noteCommit(changes));
    clock.onChange(() => this.check());
  }

  check(): void {
    if (this.clock.now() >= this.nextDue) this.run();
  }

  private noteCommit(changes: readonly Change[] | null): void {
    if (changes === null) {
      this.nextDue = -Infinity;
      return;
    }
    for (const change of changes)
      if (change.kind === 'secret' && change.value)
        for (const version of change.value.versions)
          if (isArmed(version) && version.expire_time < this.nextDue) this.nextDue = version.expire_time;
  }

  private run(): void {
    const now = this.clock.now();
    let nextDue = Infinity;
    const secretChanges: Change[] = [];
    const records: Array<Extract<Change, { kind: 'record' }>> = [];
    for (const [projectId, project] of Object.entries(this.store.state.projects)) {
      for (const secret of Object.values(project.secrets)) {
        let updated: StoredSecret | undefined;
        secret.versions.forEach((version, index) => {
          if (!isArmed(version)) return;
          if (version.expire_time > now) {
            nextDue = Math.min(nextDue, version.expire_time);
            return;
          }
          updated ??= structuredClone(secret);
          updated.versions[index]!.expiry_notified_for = version.expire_time;
          const event = firingEvent(project, secret, 'SECRET_VERSION_EXPIRED');
          if (event)
            records.push({
              kind: 'record',
              project: projectId,
              value: versionRecord('SECRET_VERSION_EXPIRED', event, secret, version, version.expire_time),
            });
        });
        if (updated)
          secretChanges.push({ kind: 'secret', project: projectId, name: secret.name, value: updated });
      }
    }
    this.nextDue = nextDue;
    records.sort((a, b) => a.value.create_time - b.value.create_time);
    this.store.commit([...secretChanges, ...records]);
  }
}
