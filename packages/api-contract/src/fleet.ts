/**
 * `GET /api/accounts/:account/expiry`: every version of every secret of an account with its expiry bucket,
 * from the BFF's fleet scan (cached in the store, shared by every replica). The buckets are defined once, in
 * expiry-bucket.ts, for the BFF and the web app alike.
 */
import { z } from 'zod/mini';
import { int } from './int.js';
import { ErrorCodeSchema } from './common.js';
import { ExpiryBucketSchema } from './expiry-bucket.js';
import { ConsoleNotifySchema, NOTIFY_HEALTH_DAYS } from './notify-shared.js';
import { SecretStateSchema } from './secrets.js';

const DAY_MS = 86_400_000;

/**
 * `within`: a whole number of days 0-3650, or `all`. An answer holds every expired version, plus those expiring
 * at most `within` days after its time; `all` holds every version, those without expiry included. Absent =
 * `all`. Repeated or unknown keys are refused (docs/security.md V2).
 */
export const ExpiryQuerySchema = z.strictObject({
  within: z.optional(
    z.pipe(
      z.string({ error: 'must be given once' }).check(
        z.regex(/^(all|0|[1-9][0-9]{0,3})$/, { error: 'must be a whole number of days 0-3650, or all' }),
        z.refine((s) => s === 'all' || Number(s) <= 3650, {
          error: 'must be a whole number of days 0-3650, or all',
        }),
      ),
      z.transform((s: string): number | 'all' => (s === 'all' ? 'all' : Number(s))),
    ),
  ),
});
export type ExpiryQuery = z.infer<typeof ExpiryQuerySchema>;

/** Whether a version expiring at `expireTime` belongs in an answer bounded by `within` at `now`. */
export function isWithin(expireTime: number | null, within: number | 'all', now: number): boolean {
  if (within === 'all') return true;
  if (expireTime === null) return false;
  return expireTime - now <= within * DAY_MS;
}

/**
 * Will CSMS tell anyone when this version expires? The same answer as a secret page's
 * `notification.reason` (secrets.ts), for the event the secret subscribes to as the scan read it; `unknown`
 * when the scan could not read that event. `records_failing`: the event is set up, but CSMS's newest
 * notification record of a version expiry for this secret says FAIL or INVALID (its target is not reached).
 */
export const FleetNotifySchema = z.enum([
  'ok',
  'not_subscribed',
  'event_missing',
  'event_disabled',
  'event_type_missing',
  'records_failing',
  'unknown',
]);
export type FleetNotify = z.infer<typeof FleetNotifySchema>;

export const FleetItemSchema = z.object({
  secret: z.string(),
  version: z.string(),
  /** Epoch ms; null when the version never expires. */
  expire_time: z.nullable(int()),
  stages: z.array(z.string()),
  secret_state: SecretStateSchema,
  bucket: ExpiryBucketSchema,
  notify: FleetNotifySchema,
  /** Will the console's own advance warnings reach anyone (its rules and channels as they are now)? */
  console_notify: ConsoleNotifySchema,
});
export type FleetItem = z.infer<typeof FleetItemSchema>;

/**
 * "Expiring soon with no one to tell": not expired yet, expiring within NOTIFY_HEALTH_DAYS of `now`, and
 * neither CSMS (`notify` other than `ok`, `unknown` included) nor the console (`console_notify` other than
 * `ok`) will warn anyone. The BFF counts these (`untold`); the board filters on the same test.
 */
export function isUntold(
  item: Pick<FleetItem, 'expire_time' | 'notify' | 'console_notify'>,
  now: number,
): boolean {
  if (item.expire_time === null || item.expire_time <= now) return false;
  if (item.expire_time - now > NOTIFY_HEALTH_DAYS * DAY_MS) return false;
  return item.notify !== 'ok' && item.console_notify !== 'ok';
}

/** A secret the scan could not read: its versions are missing from `items`, and this says why. */
export const FleetFailureSchema = z.object({
  secret: z.string(),
  code: ErrorCodeSchema,
  message: z.string(),
});
export type FleetFailure = z.infer<typeof FleetFailureSchema>;

export const FleetExpirySchema = z.object({
  /** False while the scan this answer comes from is still running (or its listing of secrets failed). */
  complete: z.boolean(),
  /** When the scan answered from started (epoch ms); null before any scan has started. */
  scanned_at: z.nullable(int()),
  /** The BFF's clock when it answered: the buckets are relative to it. */
  server_time: int(),
  /** Secrets listed so far (all of them once the listing ended). */
  secrets_total: int(),
  /** Secrets whose versions were read, or whose read failed. */
  secrets_scanned: int(),
  failed: z.array(FleetFailureSchema),
  /** Why the scan could not list every secret (the secrets it never saw are unknown), or null. */
  listing_error: z.nullable(z.omit(FleetFailureSchema, { secret: true })),
  /** Versions of every secret read (whatever `within` is) that `isUntold` at `server_time`. */
  untold: int(),
  items: z.array(FleetItemSchema),
});
export type FleetExpiry = z.infer<typeof FleetExpirySchema>;
