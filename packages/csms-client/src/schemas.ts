/**
 * Zod schemas of what CSMS returns (docs/csms-api.md §2), and the types inferred from them. Field names are the
 * wire's. Unknown fields are tolerated and stripped (`z.object` strips), so nothing unvetted passes through.
 * A `null` field is treated as absent (CSMS sends `null` for e.g. an unset `expire_time`), so optional
 * fields are `T | undefined`. Times are epoch milliseconds (integers).
 */
import { z } from 'zod';

function dropNulls(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null));
}

/** `z.object` whose `null` fields count as absent. */
const record = <Shape extends z.ZodRawShape>(shape: Shape) => z.preprocess(dropNulls, z.object(shape));

const EpochMs = z.number().int().nonnegative();
const Labels = z.array(z.string()).default([]);

export const SecretStateSchema = z.enum(['ENABLED', 'DISABLED', 'PENDING_DELETE', 'FROZEN']);
export type SecretState = z.infer<typeof SecretStateSchema>;

export const SecretSchema = record({
  id: z.string(),
  name: z.string(),
  state: SecretStateSchema,
  kms_key_id: z.string().optional(),
  description: z.string().optional(),
  create_time: EpochMs.optional(),
  update_time: EpochMs.optional(),
  scheduled_delete_time: EpochMs.optional(),
  secret_type: z.string().optional(),
  auto_rotation: z.boolean().optional(),
  rotation_period: z.string().optional(),
  rotation_config: z.string().optional(),
  rotation_time: EpochMs.optional(),
  next_rotation_time: EpochMs.optional(),
  event_subscriptions: Labels,
  enterprise_project_id: z.string().optional(),
  rotation_func_urn: z.string().optional(),
});
export type Secret = z.infer<typeof SecretSchema>;

export const VersionMetadataSchema = record({
  id: z.string(),
  secret_name: z.string().optional(),
  create_time: EpochMs.optional(),
  /** Absent (or `null` on the wire) when the version has no expiry. */
  expire_time: EpochMs.optional(),
  kms_key_id: z.string().optional(),
  version_stages: Labels,
});
export type VersionMetadata = z.infer<typeof VersionMetadataSchema>;

export const StageSchema = record({
  name: z.string(),
  version_id: z.string(),
  secret_name: z.string().optional(),
  update_time: EpochMs.optional(),
});
export type Stage = z.infer<typeof StageSchema>;

export const PageInfoSchema = record({
  next_marker: z.string().optional(),
  previous_marker: z.string().optional(),
  current_count: z.number().int().nonnegative().optional(),
});
export type PageInfo = z.infer<typeof PageInfoSchema>;

export const NotificationSchema = record({
  target_type: z.string().optional(),
  target_id: z.string().optional(),
  target_name: z.string().optional(),
});
export type Notification = z.infer<typeof NotificationSchema>;

export const EventSchema = record({
  name: z.string(),
  event_id: z.string().optional(),
  /** Strings, not an enum: the OAS example already shows an undocumented `SECRET_VERSION_NEAR_EXPIRY`. */
  event_types: Labels,
  state: z.enum(['ENABLED', 'DISABLED']).optional(),
  create_time: EpochMs.optional(),
  update_time: EpochMs.optional(),
  notification: NotificationSchema.optional(),
});
export type Event = z.infer<typeof EventSchema>;

export const NotificationRecordSchema = record({
  event_name: z.string().optional(),
  trigger_event_type: z.string().optional(),
  create_time: EpochMs.optional(),
  secret_name: z.string().optional(),
  secret_type: z.string().optional(),
  notification_target_name: z.string().optional(),
  notification_target_id: z.string().optional(),
  /** A JSON document as a string (docs/csms-api.md §9); not parsed here. */
  notification_content: z.string().optional(),
  notification_status: z.string().optional(),
});
export type NotificationRecord = z.infer<typeof NotificationRecordSchema>;

/** List pages keep the wire's envelope; a missing `page_info` reads as `{}`. */
const PageInfoOrEmpty = PageInfoSchema.default({});

export const SecretPageSchema = record({ secrets: z.array(SecretSchema), page_info: PageInfoOrEmpty });
export type SecretPage = z.infer<typeof SecretPageSchema>;

export const VersionPageSchema = record({
  version_metadatas: z.array(VersionMetadataSchema),
  page_info: PageInfoOrEmpty,
});
export type VersionPage = z.infer<typeof VersionPageSchema>;

export const EventPageSchema = record({ events: z.array(EventSchema), page_info: PageInfoOrEmpty });
export type EventPage = z.infer<typeof EventPageSchema>;

export const NotificationRecordPageSchema = record({
  records: z.array(NotificationRecordSchema),
  page_info: PageInfoOrEmpty,
});
export type NotificationRecordPage = z.infer<typeof NotificationRecordPageSchema>;
