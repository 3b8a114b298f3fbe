/** The options of `CsmsClient`, validated at construction (a bad one throws `CsmsInputError`). */
import { z } from 'zod';
import type { Authentication } from './caller.js';
import { AkSkCredentialsSchema, type Credentials } from './credentials.js';
import { CsmsInputError } from './errors.js';
import type { TokenProvider } from './token-provider.js';
import type { HttpTransport } from './transport.js';
import type { TransportOptions } from './transport-options.js';
import { checkInput, ProjectIdSchema } from './validation.js';

export const ClientOptionsSchema = z.strictObject({
  /** CSMS endpoint, e.g. `https://kms.cn-north-4.myhuaweicloud.com` or the emulator's `http://127.0.0.1:PORT`. */
  endpoint: z.string({ error: 'must be a string URL' }),
  projectId: ProjectIdSchema,
  /** Page cap of `allSecrets()`. */
  maxPages: z.number().int().min(1).max(1000).default(20),
});

export type CsmsClientOptions = z.input<typeof ClientOptionsSchema> & {
  /** AK/SK (optionally temporary, with a security token). Exactly one of `credentials` and `tokenProvider`. */
  credentials?: Credentials;
  /** IAM token mode (`X-Auth-Token`), e.g. an `IamPasswordTokenProvider`. */
  tokenProvider?: TokenProvider;
  /** A shared transport, or options for a new one. */
  transport?: HttpTransport | TransportOptions;
};

export function buildAuthentication(
  credentials: unknown,
  tokenProvider: TokenProvider | undefined,
): Authentication {
  if ((credentials === undefined) === (tokenProvider === undefined)) {
    throw new CsmsInputError('credentials', 'give exactly one of credentials and tokenProvider');
  }
  if (tokenProvider !== undefined) {
    if (typeof tokenProvider.getToken !== 'function' || typeof tokenProvider.invalidate !== 'function') {
      throw new CsmsInputError('tokenProvider', 'must implement getToken, invalidate and secrets');
    }
    return { kind: 'token', provider: tokenProvider };
  }
  return { kind: 'aksk', credentials: checkInput('credentials', AkSkCredentialsSchema, credentials) };
}
