/** `GET /api/accounts`: the configured CSMS accounts; nothing secret. */
import { z } from 'zod/mini';
import { AccountNameSchema } from './common.js';

export const AccountSchema = z.object({
  name: AccountNameSchema,
  region: z.string(),
  project_id: z.string(),
  /** True for the embedded emulator (demo mode). */
  emulated: z.boolean(),
});
export type Account = z.infer<typeof AccountSchema>;

export const AccountListSchema = z.object({ accounts: z.array(AccountSchema) });
export type AccountList = z.infer<typeof AccountListSchema>;

export const AccountPathSchema = z.strictObject({ account: AccountNameSchema });
