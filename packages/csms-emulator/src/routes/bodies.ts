/** Zod schemas of the request bodies (docs/csms-api.md §3, §4). Field names are the wire's. */
import { z } from 'zod';
import { rotationPeriodMs } from '../domain/secrets.js';
import { EVENT_TYPES, SECRET_TYPES } from '../store/model.js';
import { EVENT_NAME, SECRET_NAME, STAGE_NAME, VERSION_ID, byteLength } from './validation.js';

const MAX_VALUE_BYTES = 32_768;
const HOUR = 3_600_000;

const secretString = z
  .string()
  .refine((s) => byteLength(s) <= MAX_VALUE_BYTES, 'must be at most 32768 bytes');
const secretBinary = z
  .string()
  .max(MAX_VALUE_BYTES)
  .regex(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/, 'must be base64');
/** Checked further (range, future, seconds) by checkExpireTime, which needs the clock. */
const expireTime = z.number();
const description = z.string().refine((s) => byteLength(s) <= 2048, 'must be at most 2048 bytes');
const rotationPeriod = z.string().refine((p) => {
  const ms = rotationPeriodMs(p);
  return ms !== undefined && ms >= 6 * HOUR && ms <= 8760 * HOUR;
}, 'must be <n>d|h|m|s between 6 hours and 8760 hours');
const eventSubscriptions = z.array(z.string().regex(EVENT_NAME)).max(1);
const unique = (list: readonly string[]): boolean => new Set(list).size === list.length;

type WithValue = { secret_string?: string | undefined; secret_binary?: string | undefined };
const oneValue = (body: WithValue): boolean =>
  (body.secret_string === undefined) !== (body.secret_binary === undefined);
const ONE_VALUE = {
  message: 'exactly one of secret_string and secret_binary is required',
  path: ['secret_string'],
};

export const CreateSecretBody = z
  .object({
    name: z.string().regex(SECRET_NAME),
    kms_key_id: z.string().min(1).max(64).optional(),
    description: description.optional(),
    secret_string: secretString.optional(),
    secret_binary: secretBinary.optional(),
    secret_type: z.enum(SECRET_TYPES).optional(),
    auto_rotation: z.boolean().optional(),
    rotation_period: rotationPeriod.optional(),
    rotation_config: z.string().max(1024).optional(),
    event_subscriptions: eventSubscriptions.optional(),
    enterprise_project_id: z.string().min(1).max(36).optional(),
    rotation_func_urn: z.string().min(1).max(512).optional(),
  })
  .refine(oneValue, ONE_VALUE);

export const UpdateSecretBody = z.object({
  kms_key_id: z.string().min(2).max(64).optional(),
  description: description.optional(),
  auto_rotation: z.boolean().optional(),
  rotation_period: rotationPeriod.optional(),
  event_subscriptions: eventSubscriptions.optional(),
  rotation_func_urn: z.string().min(1).max(512).optional(),
});

export const ScheduleDeletionBody = z.object({ recovery_window_in_days: z.number().int().min(7).max(30) });

export const CreateVersionBody = z
  .object({
    secret_string: secretString.optional(),
    secret_binary: secretBinary.optional(),
    version_stages: z
      .array(z.string().regex(STAGE_NAME))
      .min(1)
      .refine(unique, 'must not repeat a stage')
      .optional(),
    expire_time: expireTime.optional(),
  })
  .refine(oneValue, ONE_VALUE);

export const UpdateVersionBody = z.object({ expire_time: expireTime });

export const UpdateStageBody = z.object({ version_id: z.string().regex(VERSION_ID) });

const notification = z.object({
  target_type: z.literal('SMN'),
  target_id: z.string().regex(/^[a-zA-Z0-9\-._:]{1,256}$/),
  target_name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/),
});
const eventTypes = z
  .array(z.enum(EVENT_TYPES))
  .min(1)
  .max(12)
  .refine(unique, 'must not repeat an event type');
const eventState = z.enum(['ENABLED', 'DISABLED']);

export const CreateEventBody = z.object({
  name: z.string().regex(EVENT_NAME),
  event_types: eventTypes,
  state: eventState,
  notification,
});

export const UpdateEventBody = z.object({
  event_types: eventTypes.optional(),
  state: eventState.optional(),
  notification: notification.optional(),
});
