/**
 * Zod schemas of the persisted model: they check a data file on load and a project posted to
 * `/__admin/seed`, so a hand-edited or foreign file fails with a list of what is wrong instead of a 500 later.
 * Each schema is typed against the model interface, so the two cannot drift apart.
 */
import { z } from 'zod';
import {
  EVENT_TYPES,
  SECRET_STATES,
  SECRET_TYPES,
  type AccessKeyCredential,
  type EmulatorIdentity,
  type EmulatorState,
  type IamUser,
  type PersistedDocument,
  type ProjectState,
  type StoredEvent,
  type StoredNotificationRecord,
  type StoredSecret,
  type StoredStage,
  type StoredToken,
  type StoredVersion,
} from './model.js';

const ms = z.number().int().min(0).max(9_999_999_999_999);

export const StoredVersionSchema: z.ZodType<StoredVersion> = z.object({
  id: z.string().regex(/^v[0-9]{1,10}$/),
  create_time: ms,
  expire_time: ms.nullable(),
  kms_key_id: z.string(),
  secret_string: z.string().optional(),
  secret_binary: z.string().optional(),
  expiry_notified_for: ms.nullable(),
});

const StoredStageSchema: z.ZodType<StoredStage> = z.object({ version_id: z.string(), update_time: ms });

export const StoredSecretSchema: z.ZodType<StoredSecret> = z
  .object({
    id: z.string(),
    name: z.string().min(1).max(64),
    state: z.enum(SECRET_STATES),
    kms_key_id: z.string(),
    description: z.string(),
    create_time: ms,
    update_time: ms,
    scheduled_delete_time: ms.nullable(),
    secret_type: z.enum(SECRET_TYPES),
    auto_rotation: z.boolean(),
    rotation_period: z.string().optional(),
    rotation_config: z.string().optional(),
    rotation_time: ms.optional(),
    next_rotation_time: ms.optional(),
    event_subscriptions: z.array(z.string()).max(1),
    enterprise_project_id: z.string(),
    rotation_func_urn: z.string().optional(),
    versions: z.array(StoredVersionSchema).min(1),
    next_version: z.number().int().min(1),
    stages: z.record(z.string(), StoredStageSchema),
  })
  .superRefine((secret, ctx) => {
    const ids = new Set(secret.versions.map((v) => v.id));
    for (const [stage, { version_id }] of Object.entries(secret.stages))
      if (!ids.has(version_id))
        ctx.addIssue({ code: 'custom', message: `stage ${stage} sits on unknown version ${version_id}` });
    if (Object.keys(secret.stages).length > 12)
      ctx.addIssue({ code: 'custom', message: 'more than 12 stages' });
  });

const StoredEventSchema: z.ZodType<StoredEvent> = z.object({
  name: z.string(),
  event_id: z.string(),
  event_types: z.array(z.enum(EVENT_TYPES)),
  state: z.enum(['ENABLED', 'DISABLED']),
  create_time: ms,
  update_time: ms,
  notification: z.object({ target_type: z.literal('SMN'), target_id: z.string(), target_name: z.string() }),
});

const StoredRecordSchema: z.ZodType<StoredNotificationRecord> = z.object({
  event_name: z.string(),
  trigger_event_type: z.enum(EVENT_TYPES),
  create_time: ms,
  secret_name: z.string(),
  secret_type: z.enum(SECRET_TYPES),
  notification_target_name: z.string(),
  notification_target_id: z.string(),
  notification_content: z.string(),
  notification_status: z.enum(['SUCCESS', 'FAIL', 'INVALID']),
});

export const ProjectStateSchema: z.ZodType<ProjectState> = z.object({
  secrets: z.record(z.string(), StoredSecretSchema),
  events: z.record(z.string(), StoredEventSchema),
  records: z.array(StoredRecordSchema),
});

const EmulatorStateSchema: z.ZodType<EmulatorState> = z.object({
  schema: z.literal(1),
  projects: z.record(z.string(), ProjectStateSchema),
});

const StoredTokenSchema: z.ZodType<StoredToken> = z.object({
  user_id: z.string(),
  user_name: z.string(),
  domain_id: z.string(),
  domain_name: z.string(),
  project_id: z.string(),
  issued_at: ms,
  expires_at: ms,
  actions: z.array(z.string()).nullable(),
});

export const AccessKeyCredentialSchema: z.ZodType<AccessKeyCredential> = z.object({
  accessKey: z.string().regex(/^[A-Za-z0-9]{1,128}$/),
  secretKey: z.string().min(1).max(256),
  securityToken: z.string().min(1).optional(),
  actions: z.array(z.string().min(1)).optional(),
});

export const IamUserSchema: z.ZodType<IamUser> = z.object({
  domain: z.string().min(1).max(64),
  domainId: z.string().min(1),
  user: z.string().min(1).max(64),
  userId: z.string().min(1),
  password: z.string().min(1),
  actions: z.array(z.string().min(1)).optional(),
});

const IdentitySchema: z.ZodType<EmulatorIdentity> = z.object({
  projectId: z.string(),
  region: z.string(),
  credentials: z.array(AccessKeyCredentialSchema),
  iamUsers: z.array(IamUserSchema),
});

export const PersistedDocumentSchema: z.ZodType<PersistedDocument> = z.object({
  state: EmulatorStateSchema,
  tokens: z.record(z.string(), StoredTokenSchema),
  identity: IdentitySchema.nullable(),
});

/** `path: message` lines of a failed parse, for errors a person reads. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 10)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}
