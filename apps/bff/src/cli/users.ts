/**
 * `pnpm users <command>`: local accounts on the BFF's store (the same DATABASE_URL / BFF_DATA_DIR the
 * console uses). Every change is audited and ends the user's sessions where it changes what they may do.
 *
 *   pnpm users list
 *   pnpm users add <name> --role admin|support|auditor [--password-stdin]
 *   pnpm users reset-password <name> [--password-stdin]
 *   pnpm users set-role <name> <role>
 *   pnpm users disable <name>
 *   pnpm users enable <name>
 *   pnpm users revoke-sessions <name>
 *
 * Without --password-stdin a random password is generated and printed once.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { RoleSchema, type Role } from '@csms-console/api-contract';
import { loadConfig } from '../config/config.js';
import { hashPassword, passwordProblem } from '../features/auth/passwords.js';
import { openStores } from '../store/index.js';
import type { Stores } from '../store/types.js';
import { assertNotLocked } from '../pglite-lock.js';

const USAGE = `usage: pnpm users <list | add <name> --role <role> | reset-password <name> | set-role <name> <role> |
                   disable <name> | enable <name> | revoke-sessions <name>> [--password-stdin]`;

class UsageError extends Error {}

async function readPassword(args: string[], name: string): Promise<{ password: string; generated: boolean }> {
  if (!args.includes('--password-stdin'))
    return { password: randomBytes(15).toString('base64url'), generated: true };
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const password = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/[\r\n]+$/, '');
  const problem = await passwordProblem(password, name);
  if (problem) throw new UsageError(`The password ${problem}.`);
  return { password, generated: false };
}

function parseRole(value: string | undefined): Role {
  const role = RoleSchema.safeParse(value);
  if (!role.success) throw new UsageError('role must be admin, support or auditor');
  return role.data;
}

async function run(stores: Stores, args: string[]): Promise<string> {
  const [command, name, third] = args;
  const now = Date.now();
  const cli = { actor: { name: process.env.USER ?? 'cli', auth_method: 'cli' } };
  const need = async (n: string | undefined) => {
    if (!n) throw new UsageError(USAGE);
    const user = await stores.users.findByName(n);
    if (!user) throw new UsageError(`No user named ${n}.`);
    return user;
  };
  switch (command) {
    case 'list': {
      const users = await stores.users.list();
      return (
        users
          .map((u) => `${u.name.padEnd(24)} ${u.role.padEnd(8)} ${u.disabled ? 'disabled' : 'enabled'}`)
          .join('\n') || '(no users)'
      );
    }
    case 'add': {
      if (!name || !/^[a-zA-Z0-9._@-]{1,64}$/.test(name))
        throw new UsageError('name: 1-64 letters, digits, . _ @ or -');
      const roleAt = args.indexOf('--role');
      const role = parseRole(roleAt >= 0 ? args[roleAt + 1] : undefined);
      const { password, generated } = await readPassword(args, name);
      const user = await stores.users.create({ name, role, passwordHash: await hashPassword(password), now });
      await stores.audit.append({
        ...cli,
        action: 'user.create',
        outcome: 'ok',
        details: { user: user.name, role },
      });
      return `Created ${user.name} (${role}).` + (generated ? `\nPassword (shown once): ${password}` : '');
    }
    case 'reset-password': {
      const user = await need(name);
      const { password, generated } = await readPassword(args, user.name);
      await stores.users.setPasswordHash(user.id, await hashPassword(password), now);
      const revoked = await stores.sessions.deleteForUser(user.id);
      await stores.audit.append({
        ...cli,
        action: 'user.password_reset',
        outcome: 'ok',
        details: { user: user.name, sessions_revoked: revoked },
      });
      return (
        `New password for ${user.name}; ${revoked} session(s) ended.` +
        (generated ? `\nPassword (shown once): ${password}` : '')
      );
    }
    case 'set-role': {
      const user = await need(name);
      const role = parseRole(third);
      await stores.users.setRole(user.id, role, now);
      const revoked = await stores.sessions.deleteForUser(user.id);
      await stores.audit.append({
        ...cli,
        action: 'user.role_change',
        outcome: 'ok',
        details: { user: user.name, from: user.role, to: role, sessions_revoked: revoked },
      });
      return `${user.name} is now ${role}; ${revoked} session(s) ended.`;
    }
    case 'disable':
    case 'enable': {
      const user = await need(name);
      await stores.users.setDisabled(user.id, command === 'disable', now);
      const revoked = command === 'disable' ? await stores.sessions.deleteForUser(user.id) : 0;
      await stores.audit.append({
        ...cli,
        action: command === 'disable' ? 'user.disable' : 'user.enable',
        outcome: 'ok',
        details: { user: user.name, sessions_revoked: revoked },
      });
      return `${user.name} ${command}d` + (revoked ? `; ${revoked} session(s) ended.` : '.');
    }
    case 'revoke-sessions': {
      const user = await need(name);
      const revoked = await stores.sessions.deleteForUser(user.id);
      await stores.audit.append({
        ...cli,
        action: 'session.revoked',
        outcome: 'ok',
        details: { user: user.name, sessions_revoked: revoked, reason: 'admin' },
      });
      return `${revoked} session(s) of ${user.name} ended.`;
    }
    default:
      throw new UsageError(USAGE);
  }
}

async function main(): Promise<void> {
  const config = loadConfig({ env: process.env });
  if (!config.ok) {
    console.error('Cannot read the configuration:\n' + config.problems.map((p) => `  - ${p}`).join('\n'));
    process.exit(2);
  }
  const { databaseUrl, dataDir } = config.config;
  const pgliteDir = databaseUrl ? undefined : join(dataDir, 'pglite');
  try {
    if (pgliteDir) assertNotLocked(pgliteDir);
    const stores = await openStores({ databaseUrl: databaseUrl?.reveal(), dataDir: pgliteDir });
    try {
      console.log(await run(stores, process.argv.slice(2)));
    } finally {
      await stores.close();
    }
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(error.message);
      process.exit(2);
    }
    console.error(
      error instanceof Error && error.name === 'UserExistsError'
        ? 'A user with that name exists.'
        : `Failed: ${(error as Error).message}`,
    );
    process.exit(1);
  }
}

void main();
