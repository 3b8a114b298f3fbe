/**
 * What every sender gets besides the channel and the digest: the allow-list and the deadline from NOTIFY_*
 * settings, and test-only TLS trust for local receivers. `testTls` is named so that a reader sees it is not
 * a production setting; nothing in the BFF's configuration sets it.
 */
import { DeliveryFailure, type Digest, type ResolvedChannel, type SendContext } from '../types.js';

export interface SenderOptions {
  allowHosts: readonly string[];
  sendTimeoutMs: number;
  /** Tests only: trust this CA (webhooks, SMTP), or skip certificate checks (SMTP with a self-signed cert). */
  testTls?: { ca?: string; rejectUnauthorized?: boolean };
}

/** One kind's sender: SendDigest with the options. */
export type Sender = (
  channel: ResolvedChannel,
  digest: Digest,
  ctx: SendContext,
  options: SenderOptions,
) => Promise<void>;

/** A credential the channel cannot work without; the routes refuse to save a channel without it. */
export function requireSecret(
  secrets: Readonly<Record<string, string | null | undefined>>,
  field: string,
): string {
  const value = secrets[field];
  if (typeof value === 'string' && value !== '') return value;
  throw new DeliveryFailure('internal_error', `The channel has no ${field} stored.`, false);
}
