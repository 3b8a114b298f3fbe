/**
 * Rules and channels of advance warnings (migration 8). Names are unique case-insensitively (the unique
 * indexes; a clash is `NotifyNameTakenError`). A rule and the channels it names cannot drift apart: saving a
 * rule locks its channels (`FOR SHARE`) and deleting a channel locks it (`FOR UPDATE`) before looking for rules
 * that name it, so a rule saved concurrently either sees the channel gone or makes the delete refuse.
 * Credentials are only ever the sealed box (features/notify/sealed.ts); this store never opens it. Every write
 * runs its audit row (`AuditWrite`) in its own transaction after the change, so both commit or neither does.
 */
import type { ChannelHealth, DeliveryErrorCode, DeliveryStatus } from '@csms-console/api-contract';
import {
  NotifyMissingChannelsError,
  NotifyNameTakenError,
  type Db,
  type NotifyChannelRow,
  type AuditWrite,
  type NotifyConfigStore,
  type NotifyRuleRow,
  type Queryable,
} from './types.js';

const CHANNEL_COLUMNS =
  'id, kind, name, target, settings, sealed, source, created_at, updated_at, updated_by';
const RULE_COLUMNS = 'id, name, enabled, settings, source, created_at, updated_at, updated_by';

/**
 * Per channel: the newest delivery (status, attempt, error), the newest successful send, the newest finished
 * delivery's status and whether one is retrying. Each reads the (channel_id, created_at, id) index.
 */
const HEALTH_SQL = `
SELECT c.id, n.status, n.last_attempt_at, n.error_code, n.error_message, s.sent_at, f.status AS finished,
       EXISTS (SELECT 1 FROM notify_deliveries r WHERE r.channel_id = c.id AND r.status = 'retrying') AS retrying
  FROM (SELECT DISTINCT channel_id AS id FROM notify_deliveries) c
  JOIN LATERAL (SELECT status, last_attempt_at, error_code, error_message FROM notify_deliveries d
                 WHERE d.channel_id = c.id ORDER BY created_at DESC, id DESC LIMIT 1) n ON true
  LEFT JOIN LATERAL (SELECT max(sent_at) AS sent_at FROM notify_deliveries d WHERE d.channel_id = c.id) s ON true
  LEFT JOIN LATERAL (SELECT status FROM notify_deliveries d
                      WHERE d.channel_id = c.id AND d.status IN ('sent', 'failed')
                      ORDER BY created_at DESC, id DESC LIMIT 1) f ON true`;

interface HealthRow {
  id: string;
  status: DeliveryStatus;
  last_attempt_at: number | null;
  error_code: DeliveryErrorCode | null;
  error_message: string | null;
  sent_at: number | null;
  finished: DeliveryStatus | null;
  retrying: boolean;
}

export const NO_HEALTH: ChannelHealth = {
  last_status: null,
  last_attempt_at: null,
  last_sent_at: null,
  last_error: null,
  failing: false,
};

function toHealth(row: HealthRow): ChannelHealth {
  return {
    last_status: row.status,
    last_attempt_at: row.last_attempt_at,
    last_sent_at: row.sent_at,
    last_error: row.error_code === null ? null : { code: row.error_code, message: row.error_message ?? '' },
    failing: row.finished === 'failed' || row.retrying,
  };
}

/**
 * Each channel's health from its deliveries, by channel id (a channel with none has no entry: NO_HEALTH).
 * The one definition of `failing`, for the channel list and notification health alike.
 */
export async function channelHealth(q: Queryable): Promise<Map<string, ChannelHealth>> {
  const { rows } = await q.query<HealthRow>(HEALTH_SQL);
  return new Map(rows.map((row) => [row.id, toHealth(row)]));
}

/** A unique-index clash on a name becomes NotifyNameTakenError; anything else is rethrown. */
function nameTaken(error: unknown): never {
  const { code, constraint, message } = (error ?? {}) as {
    code?: unknown;
    constraint?: unknown;
    message?: unknown;
  };
  if (code === '23505' && /notify_(rules|channels)_name/.test(`${String(constraint)} ${String(message)}`)) {
    throw new NotifyNameTakenError('the name is taken', { cause: error });
  }
  throw error;
}

/**
 * The `AuditWrite` of a write inside `transaction` whose caller appends one row for the whole on its `tx`
 * (provisioning); nowhere else.
 */
export const AUDITED_BY_CALLER: AuditWrite = () => Promise.resolve();

type InTransaction = <T>(fn: (q: Queryable) => Promise<T>) => Promise<T>;

export function createNotifyConfigStore(db: Db): NotifyConfigStore {
  return bind(db, (fn) => db.transaction(fn));
}

function bind(q: Queryable, inTx: InTransaction): NotifyConfigStore {
  const store: NotifyConfigStore = {
    async rules() {
      const { rows } = await q.query<NotifyRuleRow>(
        `SELECT ${RULE_COLUMNS} FROM notify_rules ORDER BY lower(name), id`,
      );
      return rows;
    },

    async rule(id) {
      const { rows } = await q.query<NotifyRuleRow>(
        `SELECT ${RULE_COLUMNS} FROM notify_rules WHERE id = $1`,
        [id],
      );
      return rows[0];
    },

    async saveRule(row, mode, audit) {
      await inTx(async (tx) => {
        const ids = [...new Set(row.settings.channels)];
        const { rows } = await tx.query<{ id: string }>(
          'SELECT id FROM notify_channels WHERE id = ANY($1::text[]) ORDER BY id FOR SHARE',
          [ids],
        );
        const found = new Set(rows.map((r) => r.id));
        const missing = ids.filter((id) => !found.has(id));
        if (missing.length > 0) throw new NotifyMissingChannelsError(missing);
        const params = [
          row.id,
          row.name,
          row.enabled,
          JSON.stringify(row.settings),
          row.source,
          row.created_at,
          row.updated_at,
          row.updated_by,
        ];
        await (
          mode === 'insert'
            ? tx.query(
                `INSERT INTO notify_rules (${RULE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
                params,
              )
            : tx.query(
                `UPDATE notify_rules SET name = $2, enabled = $3, settings = $4, source = $5, updated_at = $6,
                      updated_by = $7 WHERE id = $1`,
                params.filter((_, i) => i !== 5),
              )
        ).catch(nameTaken);
        await audit(tx);
      });
    },

    async deleteRule(id, audit) {
      return inTx(async (tx) => {
        const { affectedRows } = await tx.query('DELETE FROM notify_rules WHERE id = $1', [id]);
        if (affectedRows === 0) return false;
        await audit(tx);
        return true;
      });
    },

    async channels() {
      const [{ rows }, health] = [
        await q.query<NotifyChannelRow>(
          `SELECT ${CHANNEL_COLUMNS} FROM notify_channels ORDER BY lower(name), id`,
        ),
        await store.health(),
      ];
      return rows.map((row) => ({ ...row, health: health.get(row.id) ?? NO_HEALTH }));
    },

    async channel(id) {
      const { rows } = await q.query<NotifyChannelRow>(
        `SELECT ${CHANNEL_COLUMNS} FROM notify_channels WHERE id = $1`,
        [id],
      );
      return rows[0];
    },

    async saveChannel(row, mode, audit) {
      const params = [
        row.id,
        row.kind,
        row.name,
        row.target,
        JSON.stringify(row.settings),
        row.sealed,
        row.source,
        row.created_at,
        row.updated_at,
        row.updated_by,
      ];
      await inTx(async (tx) => {
        await (
          mode === 'insert'
            ? tx.query(
                `INSERT INTO notify_channels (${CHANNEL_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
                params,
              )
            : tx.query(
                `UPDATE notify_channels SET kind = $2, name = $3, target = $4, settings = $5, sealed = $6,
                      source = $7, updated_at = $8, updated_by = $9 WHERE id = $1`,
                params.filter((_, i) => i !== 7),
              )
        ).catch(nameTaken);
        await audit(tx);
      });
    },

    async deleteChannel(id, audit) {
      return inTx(async (tx) => {
        const locked = await tx.query('SELECT id FROM notify_channels WHERE id = $1 FOR UPDATE', [id]);
        if (locked.rows.length === 0) return { deleted: false, usedBy: [] };
        const { rows } = await tx.query<{ name: string }>(
          `SELECT name FROM notify_rules WHERE settings->'channels' @> jsonb_build_array($1::text)
            ORDER BY lower(name)`,
          [id],
        );
        if (rows.length > 0) return { deleted: false, usedBy: rows.map((r) => r.name) };
        await tx.query('DELETE FROM notify_channels WHERE id = $1', [id]);
        await audit(tx);
        return { deleted: true, usedBy: [] };
      });
    },

    async health() {
      return channelHealth(q);
    },

    async lockAll() {
      await q.query('LOCK TABLE notify_channels, notify_rules IN SHARE ROW EXCLUSIVE MODE');
    },

    transaction(fn) {
      return inTx((tx) =>
        fn(
          bind(tx, (inner) => inner(tx)),
          tx,
        ),
      );
    },
  };
  return store;
}
