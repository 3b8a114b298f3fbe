/**
 * Inputs of CreateSecret and CreateSecretVersion (docs/csms-api.md §3.6, §3.10), used for seeding and tests.
 * camelCase in, the wire's snake_case out; exactly one of `secretString`/`secretBinary`.
 */
import { z } from 'zod';
import {
  EventNameSchema,
  ExpireTimeSchema,
  SecretBinarySchema,
  SecretNameSchema,
  SecretStringSchema,
  StageLabelSchema,
} from './validation.js';

const oneValue = { error: 'give exactly one of secretString and secretBinary' };
const exactlyOneValue = (input: { secretString?: string; secretBinary?: string }): boolean =>
  (input.secretString === undefined) !== (input.secretBinary === undefined);

export const CreateSecretInputSchema = z
  .strictObject({
    name: SecretNameSchema,
    secretString: SecretStringSchema.optional(),
    secretBinary: SecretBinarySchema.optional(),
    kmsKeyId: z.string().min(1).max(64).optional(),
    description: z
      .string()
      .refine((s) => Buffer.byteLength(s) <= 2048, { error: 'must be at most 2048 bytes' })
      .optional(),
    secretType: z.enum(['COMMON', 'RDS-FG', 'GaussDB-FG']).optional(),
    eventSubscriptions: z.array(EventNameSchema).max(1, { error: 'at most one event' }).optional(),
    enterpriseProjectId: z.string().min(1).max(36).optional(),
  })
  .refine(exactlyOneValue, oneValue);

export type CreateSecretInput = z.input<typeof CreateSecretInputSchema>;

export const CreateSecretVersionInputSchema = z
  .strictObject({
    secretString: SecretStringSchema.optional(),
    secretBinary: SecretBinarySchema.optional(),
    versionStages: z.array(StageLabelSchema).min(1).max(12, { error: 'at most 12 stages' }).optional(),
    expireTimeMs: ExpireTimeSchema.optional(),
  })
  .refine(exactlyOneValue, oneValue);

export type CreateSecretVersionInput = z.input<typeof CreateSecretVersionInputSchema>;

type Body = Record<string, unknown>;

/** Drops undefined fields so the body holds only what was given. */
function compact(body: Body): Body {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
}

export function toCreateSecretBody(input: z.output<typeof CreateSecretInputSchema>): Body {
  return compact({
    name: input.name,
    secret_string: input.secretString,
    secret_binary: input.secretBinary,
    kms_key_id: input.kmsKeyId,
    description: input.description,
    secret_type: input.secretType,
    event_subscriptions: input.eventSubscriptions,
    enterprise_project_id: input.enterpriseProjectId,
  });
}

export function toCreateSecretVersionBody(input: z.output<typeof CreateSecretVersionInputSchema>): Body {
  return compact({
    secret_string: input.secretString,
    secret_binary: input.secretBinary,
    version_stages: input.versionStages,
    expire_time: input.expireTimeMs,
  });
}
