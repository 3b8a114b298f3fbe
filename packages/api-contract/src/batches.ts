/**
 * Bulk extend (issue 11 item 2): `POST /api/accounts/:account/expiry-batches` takes up to 500 expiry changes
 * and answers 202 `{ id }`; `GET .../expiry-batches/:id` reports each item as it settles. Each item is the
 * same change as `PUT .../versions/:version` (same policy, conflict check and audit); a batch cannot carry the
 * typed confirmation, so an item that would need one is `refused` with `confirmation_required`.
 */
import { z } from 'zod/mini';
import { int } from './int.js';
import {
  AccountNameSchema,
  EpochMsSchema,
  ReasonSchema,
  SecretNameSchema,
  VersionIdSchema,
} from './common.js';

export const MAX_BATCH_ITEMS = 500;

/** A batch id: a ULID. */
export const BatchIdSchema = z
  .string({ error: 'must be a string' })
  .check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, { error: 'must be a batch id' }));

export const BatchPathSchema = z.strictObject({ account: AccountNameSchema, id: BatchIdSchema });
export type BatchPath = z.infer<typeof BatchPathSchema>;

export const BatchItemInputSchema = z.strictObject({
  secret: SecretNameSchema,
  version: VersionIdSchema,
  expire_time: EpochMsSchema,
  /** What the editor saw (null: no expiry); another value in CSMS makes the item a `conflict`. */
  expected_expire_time: z.nullable(EpochMsSchema),
});
export type BatchItemInput = z.infer<typeof BatchItemInputSchema>;

/**
 * One reason for the whole batch: with the policy's `reason_required` on, a batch without one (or a blank
 * one) is 422 `reason_required` as a whole; a dry run writes nothing and does not need one.
 */
export const CreateBatchInputSchema = z.strictObject({
  reason: z.optional(ReasonSchema),
  items: z.array(BatchItemInputSchema, { error: 'must be an array' }).check(
    z.minLength(1, { error: 'must hold at least one item' }),
    z.maxLength(MAX_BATCH_ITEMS, { error: `must hold at most ${MAX_BATCH_ITEMS} items` }),
    z.superRefine((items, ctx) => {
      const seen = new Set<string>();
      for (const [i, item] of items.entries()) {
        const key = `${item.secret}/${item.version}`;
        if (seen.has(key)) {
          ctx.addIssue({
            code: 'custom',
            path: [i],
            message: 'repeats an earlier item (same secret and version)',
          });
        }
        seen.add(key);
      }
    }),
  ),
});
export type CreateBatchInput = z.infer<typeof CreateBatchInputSchema>;

/** `?dry_run=1` on the create route: answer what each item would do, write nothing. */
export const CreateBatchQuerySchema = z.strictObject({
  dry_run: z.optional(z.literal('1', { error: 'must be 1' })),
});

/**
 * `POST .../expiry-batches/:id/retry`: a new batch of the `failed` and `conflict` items. Without a reason
 * (or with a blank one) it carries the original batch's reason.
 */
export const RetryBatchInputSchema = z.strictObject({ reason: z.optional(ReasonSchema) });
export type RetryBatchInput = z.infer<typeof RetryBatchInputSchema>;

export const BatchItemStatusSchema = z.enum(['pending', 'applied', 'refused', 'conflict', 'failed']);
export type BatchItemStatus = z.infer<typeof BatchItemStatusSchema>;

export const BatchItemSchema = z.object({
  secret: z.string(),
  version: z.string(),
  status: BatchItemStatusSchema,
  /** Why it was refused, conflicted or failed: an error code of the single change, e.g. `version_not_eligible`. */
  code: z.optional(z.string()),
  message: z.optional(z.string()),
  csms_request_id: z.optional(z.string()),
  /** Applied: the expiry CSMS now holds. */
  expire_time: z.optional(z.nullable(int())),
  /** Conflict: the expiry CSMS held instead of `expected_expire_time` (a retry expects this one). */
  current_expire_time: z.optional(z.nullable(int())),
});
export type BatchItem = z.infer<typeof BatchItemSchema>;

export const BatchSchema = z.object({
  id: z.string(),
  state: z.enum(['running', 'done']),
  total: int(),
  /** Items no longer `pending`. */
  done: int(),
  items: z.array(BatchItemSchema),
});
export type Batch = z.infer<typeof BatchSchema>;

export const BatchCreatedSchema = z.object({ id: z.string() });
export type BatchCreated = z.infer<typeof BatchCreatedSchema>;

/** The dry run's answer: what each item would do now, from fresh reads; nothing was written. */
export const BatchDryRunSchema = z.object({
  dry_run: z.literal(true),
  total: int(),
  items: z.array(
    z.extend(z.omit(BatchItemSchema, { status: true, csms_request_id: true }), {
      status: z.enum(['would_apply', 'refused', 'conflict', 'failed']),
    }),
  ),
});
export type BatchDryRun = z.infer<typeof BatchDryRunSchema>;
