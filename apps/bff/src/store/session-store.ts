/**
 * Server-side sessions (docs/security.md §1.1), keyed by the SHA-256 of the cookie's id. Creating one locks the
 * user's row, so concurrent logins of one user take turns and the per-user cap holds across processes.
 */
import type { Role } from '@csms-console/api-contract';
import type { Db, SessionRecord, SessionStore } from './types.js';

interface JoinedRow {
  id_hash: string;
  user_id: string;
  auth_method: SessionRecord['authMethod'];
  created_at: number;
  last_seen_at: number;
  ip: string | null;
  user_agent: string | null;
  name: string;
  role: Role;
  disabled: boolean;
  user_created_at: number;
  user_updated_at: number;
}

export function createSessionStore(db: Db): SessionStore {
  return {
    create: (s, maxPerUser) => {
      if (!Number.isInteger(maxPerUser) || maxPerUser < 1) {
        return Promise.reject(new RangeError('maxPerUser must be an integer of at least 1'));
      }
      return db.transaction(async (tx) => {
        await tx.query('SELECT id FROM users WHERE id = $1 FOR NO KEY UPDATE', [s.userId]);
        await tx.query(
          `INSERT INTO sessions (id_hash, user_id, auth_method, created_at, last_seen_at, ip, user_agent)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [s.idHash, s.userId, s.authMethod, s.createdAt, s.lastSeenAt, s.ip, s.userAgent],
        );
        const { affectedRows } = await tx.query(
          `DELETE FROM sessions WHERE id_hash IN (
             SELECT id_hash FROM sessions WHERE user_id = $1 AND id_hash <> $2
             ORDER BY created_at DESC, id_hash DESC OFFSET $3)`,
          [s.userId, s.idHash, maxPerUser - 1],
        );
        return { revoked: affectedRows };
      });
    },

    async get(idHash) {
      // Every authenticated request runs this: one prepared statement, the session joined with its user.
      const { rows } = await db.prepared<JoinedRow>(
        'session_get',
        `SELECT s.id_hash, s.user_id, s.auth_method, s.created_at, s.last_seen_at, s.ip, s.user_agent,
                u.name, u.role, u.disabled, u.created_at AS user_created_at, u.updated_at AS user_updated_at
           FROM sessions s JOIN users u ON u.id = s.user_id
          WHERE s.id_hash = $1`,
        [idHash],
      );
      const r = rows[0];
      if (!r) return undefined;
      return {
        session: {
          idHash: r.id_hash,
          userId: r.user_id,
          authMethod: r.auth_method,
          createdAt: r.created_at,
          lastSeenAt: r.last_seen_at,
          ip: r.ip,
          userAgent: r.user_agent,
        },
        user: {
          id: r.user_id,
          name: r.name,
          role: r.role,
          disabled: r.disabled,
          createdAt: r.user_created_at,
          updatedAt: r.user_updated_at,
        },
      };
    },

    async touch(idHash, lastSeenAt) {
      await db.query(
        'UPDATE sessions SET last_seen_at = GREATEST(last_seen_at, $2::bigint) WHERE id_hash = $1',
        [idHash, lastSeenAt],
      );
    },

    async delete(idHash) {
      return (await db.query('DELETE FROM sessions WHERE id_hash = $1', [idHash])).affectedRows > 0;
    },

    async deleteForUser(userId) {
      return (await db.query('DELETE FROM sessions WHERE user_id = $1', [userId])).affectedRows;
    },

    async deleteExpired(now, idleMs, absoluteMs) {
      const { affectedRows } = await db.query(
        `DELETE FROM sessions
          WHERE last_seen_at < $1::bigint - $2::bigint OR created_at < $1::bigint - $3::bigint`,
        [now, idleMs, absoluteMs],
      );
      return affectedRows;
    },
  };
}
