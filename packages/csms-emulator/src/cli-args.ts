/** `pnpm emulator` flags -> startEmulator options. Pure, so bad flags are tested without a process. */
import { parseArgs } from 'node:util';
import type { EmulatorOptions } from './options.js';

export const USAGE = `usage: pnpm emulator [options]

  --seed <spec>            empty | demo | scale:N           (default demo; used when there is no data yet)
  --port <n>               0 picks a free port               (default 8080)
  --host <addr>            loopback only unless --allow-remote (default 127.0.0.1)
  --data <file>            keep state in <file> (snapshot + journal); in memory without it
  --reset                  with --data: discard what the file holds and start from --seed
  --admin                  serve /__admin (reset, seed, clock, faults, request log, credentials)
  --project-id <id>        project id                         (default: kept in --data, else random)
  --region <region>        region, also the project's IAM name (default cn-north-4)
  --ak <ak> --sk <sk>      the AK/SK pair to accept          (default: kept in --data, else random)
  --security-token <t>     make that pair temporary: X-Security-Token required
  --actions <a,b,...>      limit that pair to these IAM actions (e.g. csms:secret:list,csms:secret:listVersion)
  --iam-user <name> --iam-password <pw> [--iam-domain <name>]   IAM user for POST /v3/auth/tokens
  --not-found-status <n>   404 (default) or 400
  --allow-remote           allow --host to be a non-loopback address
  --help                   this text`;

export class UsageError extends Error {}

export type CliCommand = { help: true } | { help: false; options: EmulatorOptions };

const SEED = /^(?:empty|demo|scale:[0-9]{1,6})$/;

function integer(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]+$/.test(value) || Number(value) < min || Number(value) > max)
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got "${value}"`);
  return Number(value);
}

export function parseCliArgs(argv: readonly string[]): CliCommand {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        seed: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        data: { type: 'string' },
        reset: { type: 'boolean' },
        admin: { type: 'boolean' },
        'project-id': { type: 'string' },
        region: { type: 'string' },
        ak: { type: 'string' },
        sk: { type: 'string' },
        'security-token': { type: 'string' },
        actions: { type: 'string' },
        'iam-user': { type: 'string' },
        'iam-password': { type: 'string' },
        'iam-domain': { type: 'string' },
        'not-found-status': { type: 'string' },
        'allow-remote': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return { help: true };

  const seed = values.seed ?? 'demo';
  if (!SEED.test(seed)) throw new UsageError(`--seed must be empty, demo or scale:N, got "${seed}"`);
  if ((values.ak === undefined) !== (values.sk === undefined))
    throw new UsageError('--ak and --sk go together');
  if ((values['security-token'] !== undefined || values.actions !== undefined) && values.ak === undefined)
    throw new UsageError('--security-token and --actions need --ak and --sk');
  if ((values['iam-user'] === undefined) !== (values['iam-password'] === undefined))
    throw new UsageError('--iam-user and --iam-password go together');
  if (values.reset && values.data === undefined) throw new UsageError('--reset needs --data');
  const notFoundValue = integer('not-found-status', values['not-found-status'], 400, 404);
  if (notFoundValue !== undefined && notFoundValue !== 400 && notFoundValue !== 404)
    throw new UsageError('--not-found-status must be 404 or 400');
  const notFound: 400 | 404 | undefined = notFoundValue;

  const options: EmulatorOptions = {
    seed,
    port: integer('port', values.port, 0, 65535) ?? 8080,
    admin: values.admin ?? false,
    resetData: values.reset ?? false,
    allowNonLoopback: values['allow-remote'] ?? false,
  };
  if (values.host !== undefined) options.host = values.host;
  if (values.data !== undefined) options.dataFile = values.data;
  if (values['project-id'] !== undefined) options.projectId = values['project-id'];
  if (values.region !== undefined) options.region = values.region;
  if (notFound !== undefined) options.notFoundStatus = notFound;
  if (values.ak !== undefined && values.sk !== undefined)
    options.credentials = [
      {
        accessKey: values.ak,
        secretKey: values.sk,
        ...(values['security-token'] !== undefined ? { securityToken: values['security-token'] } : {}),
        ...(values.actions !== undefined ? { actions: values.actions.split(',').filter(Boolean) } : {}),
      },
    ];
  if (values['iam-user'] !== undefined && values['iam-password'] !== undefined)
    options.iamUsers = [
      {
        user: values['iam-user'],
        password: values['iam-password'],
        ...(values['iam-domain'] !== undefined ? { domain: values['iam-domain'] } : {}),
      },
    ];
  return { help: false, options };
}
