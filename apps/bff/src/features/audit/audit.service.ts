/**
 * Reading the audit log (docs/security.md §1.10, decisions): every role sees all of it, and each view, export
 * and verification is itself recorded, before the rows are returned (no record, no view).
 */
import type {
  AuditEventsPage,
  AuditEventsQuery,
  AuditPage,
  AuditQuery,
  AuditVerify,
} from '@csms-console/api-contract';
import { AppError } from '../../errors.js';
import type { Metrics } from '../../metrics.js';
import type { AuditEventsFilter, AuditFilter, AuditStore, NewAuditEntry } from '../../store/types.js';

export type Viewer = Pick<
  NewAuditEntry,
  'actor' | 'session_hash' | 'client_ip' | 'user_agent' | 'request_id'
>;

const CSV_COLUMNS = [
  'seq',
  'id',
  'at_iso',
  'at',
  'action',
  'outcome',
  'actor_name',
  'actor_role',
  'account',
  'project_id',
  'secret',
  'version',
  'before_expire_time',
  'after_expire_time',
  'reason',
  'intent_id',
  'csms_request_id',
  'csms_error_code',
  'request_id',
  'client_ip',
  'hash',
] as const;

/** The events CSV: one line per event, times both as ISO UTC and epoch ms. */
const EVENT_CSV_COLUMNS = [
  'at_iso',
  'at',
  'action',
  'outcome',
  'actor_name',
  'actor_role',
  'account',
  'secret',
  'version',
  'before_expire_time',
  'before_expire_time_iso',
  'requested_expire_time',
  'requested_expire_time_iso',
  'after_expire_time',
  'after_expire_time_iso',
  'reason',
  'csms_request_id',
  'csms_error_code',
  'batch_id',
  'intent_id',
  'entry_id',
  'seq',
] as const;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Quotes a CSV cell and defuses spreadsheet formulas (a cell starting with = + - @ tab or CR). */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

export class AuditService {
  constructor(
    private readonly audit: AuditStore,
    private readonly metrics: Metrics,
  ) {}

  async list(viewer: Viewer, query: AuditQuery): Promise<AuditPage> {
    const { limit = 50, cursor, ...filter } = query;
    await this.#record(viewer, 'audit.view', { filter, cursor: cursor ?? null });
    return this.audit.list(filter, { limit, cursor });
  }

  async *exportCsv(viewer: Viewer, filter: AuditFilter): AsyncGenerator<string> {
    await this.#record(viewer, 'audit.export', { filter });
    yield CSV_COLUMNS.join(',') + '\r\n';
    for await (const e of this.audit.iterate(filter)) {
      const row = [
        e.seq,
        e.id,
        new Date(e.at).toISOString(),
        e.at,
        e.action,
        e.outcome,
        e.actor.name,
        e.actor.role,
        e.target.account,
        e.target.project_id,
        e.target.secret,
        e.target.version,
        e.before?.expire_time,
        e.after?.expire_time,
        e.reason,
        e.intent_id,
        e.csms_request_id,
        e.csms_error_code,
        e.request_id,
        e.client_ip,
        e.hash,
      ];
      yield row.map(csvCell).join(',') + '\r\n';
    }
  }

  /** The audit page's events; recorded as a view of the events (`details.view`) before they are read. */
  async events(viewer: Viewer, query: AuditEventsQuery): Promise<AuditEventsPage> {
    const { limit = 50, cursor, ...filter } = query;
    await this.#record(viewer, 'audit.view', { view: 'events', filter, cursor: cursor ?? null });
    return this.audit.events(filter, { limit, cursor });
  }

  /**
   * Outside changes read the log too (the console's last value of each version, who set it, its entry), so
   * they are recorded like every other view, first (docs/security.md §1.10: no record, no view).
   */
  async outsideChanges<T>(viewer: Viewer, account: string, read: () => Promise<T>): Promise<T> {
    await this.#record(viewer, 'audit.view', { view: 'outside-changes', account });
    return read();
  }

  /** The events of `filter` as CSV, newest first like the page; the export is recorded first. */
  async *exportEventsCsv(viewer: Viewer, filter: AuditEventsFilter): AsyncGenerator<string> {
    await this.#record(viewer, 'audit.export', { view: 'events', filter });
    yield EVENT_CSV_COLUMNS.join(',') + '\r\n';
    for await (const e of this.audit.iterateEvents(filter)) {
      const row = [
        iso(e.at),
        e.at,
        e.action,
        e.outcome,
        e.actor.name,
        e.actor.role,
        e.account,
        e.secret,
        e.version,
        e.before_expire_time,
        iso(e.before_expire_time),
        e.requested_expire_time,
        iso(e.requested_expire_time),
        e.after_expire_time,
        iso(e.after_expire_time),
        e.reason,
        e.csms_request_id,
        e.csms_error_code,
        e.batch_id,
        e.intent?.id,
        e.id,
        e.seq,
      ];
      yield row.map(csvCell).join(',') + '\r\n';
    }
  }

  async verify(viewer: Viewer): Promise<AuditVerify> {
    await this.#record(viewer, 'audit.verify', {});
    return this.audit.verify();
  }

  async #record(
    viewer: Viewer,
    action: 'audit.view' | 'audit.export' | 'audit.verify',
    details: Record<string, unknown>,
  ) {
    try {
      await this.audit.append({ ...viewer, action, outcome: 'ok', details });
    } catch (cause) {
      this.metrics.auditWriteFailures.inc();
      throw new AppError(
        503,
        'audit_unavailable',
        'The audit log cannot be written right now, so it cannot be viewed either.',
        undefined,
        undefined,
        { cause },
      );
    }
  }
}
