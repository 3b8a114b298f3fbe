/** Local user accounts. Names are unique regardless of case (a unique index on lower(name)). */
import { randomUUID } from 'node:crypto';
import type { Role } from '@csms-console/api-contract';
import { UserExistsError, type Db, type User, type UserStore, type UserWithHash } from './types.js';

interface UserRow {
  id: string;
  name: string;
  role: Role;
  disabled: boolean;
  created_at: number;
  updated_at: number;
  password_hash: string;
}

const COLUMNS = 'id, name, role, disabled, created_at, updated_at';

const toUser = (r: Omit<UserRow, 'password_hash'>): User => ({
  id: r.id,
  name: r.name,
  role: r.role,
  disabled: r.disabled,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const isUniqueViolation = (err: unknown): boolean =>
  typeof err === 'object' && err !== null && 'code' in err && err.code === '23505';

export function createUserStore(db: Db): UserStore {
  const update = async (id: string, set: string, value: unknown, now: number): Promise<void> => {
    await db.query(`UPDATE users SET ${set} = $2, updated_at = $3 WHERE id = $1`, [id, value, now]);
  };

  return {
    async create({ name, role, passwordHash, now }) {
      try {
        const { rows } = await db.query<UserRow>(
          `INSERT INTO users (id, name, role, password_hash, disabled, created_at, updated_at)
           VALUES ($1, $2, $3, $4, false, $5, $5) RETURNING ${COLUMNS}`,
          [randomUUID(), name, role, passwordHash, now],
        );
        const row = rows[0];
        if (!row) throw new Error('the user insert returned no row');
        return toUser(row);
      } catch (err) {
        if (isUniqueViolation(err)) throw new UserExistsError('a user with this name already exists');
        throw err;
      }
    },

    async findByName(name) {
      const { rows } = await db.query<UserRow>(
        `SELECT ${COLUMNS}, password_hash FROM users WHERE lower(name) = lower($1)`,
        [name],
      );
      const row = rows[0];
      return row && ({ ...toUser(row), passwordHash: row.password_hash } satisfies UserWithHash);
    },

    async findById(id) {
      const { rows } = await db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id]);
      const row = rows[0];
      return row && toUser(row);
    },

    async list() {
      const { rows } = await db.query<UserRow>(`SELECT ${COLUMNS} FROM users ORDER BY lower(name), id`);
      return rows.map(toUser);
    },

    async count() {
      const { rows } = await db.query<{ n: number }>('SELECT count(*) AS n FROM users');
      return rows[0]?.n ?? 0;
    },

    setPasswordHash: (id, passwordHash, now) => update(id, 'password_hash', passwordHash, now),
    setRole: (id, role, now) => update(id, 'role', role, now),
    setDisabled: (id, disabled, now) => update(id, 'disabled', disabled, now),
  };
}
