/**
 * ShowSecretVersion: the one call that returns a secret VALUE. Deliberately not in the package's main export;
 * import `@csms-console/csms-client/values` only where values are really needed (the emulator's tests).
 */
import { z } from 'zod';
import { callerOf } from './caller-registry.js';
import type { CallOptions } from './caller.js';
import type { WithMetadata } from './metadata.js';
import type { CsmsClient } from './operations.js';
import { VersionMetadataSchema } from './schemas.js';
import { checkInput, SecretNameSchema } from './validation.js';

export const SecretVersionSchema = z.object({
  version_metadata: VersionMetadataSchema,
  secret_string: z.string().optional(),
  secret_binary: z.string().optional(),
});
export type SecretVersion = z.infer<typeof SecretVersionSchema>;

/** `latest` or a version id (`v1`, `v2`, ...). */
const VersionRefSchema = z
  .string()
  .regex(/^(v[0-9]{1,10}|latest)$/, { error: 'must be a version id or latest' });

const Envelope = z.object({ version: SecretVersionSchema }).transform((o) => o.version);

export async function showSecretVersion(
  client: CsmsClient,
  secretName: string,
  versionId: string,
  options?: CallOptions,
): Promise<WithMetadata<SecretVersion>> {
  const name = checkInput('secretName', SecretNameSchema, secretName);
  const version = checkInput('versionId', VersionRefSchema, versionId);
  return callerOf(client).call({
    operation: 'ShowSecretVersion',
    method: 'GET',
    segments: ['secrets', name, 'versions', version],
    schema: Envelope,
    options,
  });
}
