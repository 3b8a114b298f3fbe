/** startEmulator's options, checked with zod so a typo fails fast with what is wrong. */
import { z } from 'zod';
import type { Logger } from './app.js';
import { AccessKeyCredentialSchema } from './store/schema.js';

const IamUserOption = z.object({
  user: z.string().min(1).max(64),
  password: z.string().min(1),
  domain: z.string().min(1).max(64).optional(),
  actions: z.array(z.string().min(1)).optional(),
});

export const EmulatorOptionsSchema = z.object({
  /** Interface to bind; loopback only unless `allowNonLoopback`. Default 127.0.0.1. */
  host: z.string().min(1).default('127.0.0.1'),
  allowNonLoopback: z.boolean().default(false),
  /** 0 picks a free port. */
  port: z.number().int().min(0).max(65535).default(0),
  /** `empty` (default), `demo` or `scale:N`: the main project's data when there is no data file yet. */
  seed: z.string().min(1).default('empty'),
  /** Persistent state in this file (snapshot + journal); in memory when absent. */
  dataFile: z.string().min(1).optional(),
  /** With `dataFile`: throw away what the file holds and start from `seed`. */
  resetData: z.boolean().default(false),
  /** Serve `/__admin`. Off by default. */
  admin: z.boolean().default(false),
  /** Default: kept in the data file, else 32 random hex characters. */
  projectId: z
    .string()
    .regex(/^[a-zA-Z0-9_-]{1,64}$/)
    .optional(),
  /** Default cn-north-4; also the main project's name for IAM scoping. */
  region: z
    .string()
    .regex(/^[a-z0-9-]{1,64}$/)
    .optional(),
  /** AK/SK pairs. Default: kept in the data file, else one generated pair. */
  credentials: z.array(AccessKeyCredentialSchema).min(1).optional(),
  /** IAM users for `POST /v3/auth/tokens`. Default: kept in the data file, else one generated user. */
  iamUsers: z.array(IamUserOption).min(1).optional(),
  /** The emulator's time source (epoch ms). Default Date.now. */
  clock: z.custom<() => number>((v) => typeof v === 'function').optional(),
  /** Status of not-found answers: 404 (default) or 400 as the docs' error-code table has it. */
  notFoundStatus: z.union([z.literal(404), z.literal(400)]).default(404),
  /** Requests kept in the request log. */
  requestLogSize: z.number().int().min(1).max(1_000_000).default(1000),
  /** Where internal errors and notices go. Default: the console. */
  logger: z.custom<Logger>((v) => typeof v === 'object' && v !== null).optional(),
  /** Random source for fault rates (tests can make rolls deterministic). */
  random: z.custom<() => number>((v) => typeof v === 'function').optional(),
});

export type EmulatorOptions = z.input<typeof EmulatorOptionsSchema>;
export type ResolvedOptions = z.output<typeof EmulatorOptionsSchema>;

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
