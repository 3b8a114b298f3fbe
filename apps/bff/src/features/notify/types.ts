/**
 * What the parts of advance warnings (issue 14) hand each other: the configuration store gives rules and
 * channels (credentials opened), the evaluation turns the fleet scan into events and digests, the senders
 * (channels/) put a digest on the wire. A sender throws `DeliveryFailure` with a stable code; anything else
 * it throws is recorded as `internal_error`.
 */
import type { ChannelKind, DeliveryErrorCode, NotifyLanguage, Rule } from '@csms-console/api-contract';

/** A channel as a sender needs it: its settings and its credentials, opened (never logged, never answered). */
export interface ResolvedChannel {
  id: string;
  kind: ChannelKind;
  name: string;
  /** Not credentials: an email channel's server, sender and recipients; `{}` for the webhook kinds. */
  settings: {
    smtp_host?: string;
    smtp_port?: number;
    smtp_security?: 'tls' | 'starttls';
    smtp_user?: string | null;
    from?: string;
    to?: string[];
  };
  /** Credential fields by name (CHANNEL_SECRET_FIELDS of its kind); null or absent when not set. */
  secrets: Readonly<Record<string, string | null | undefined>>;
}

/** One version's warning in a digest. `leadDays` 0 = it has expired. */
export interface DigestEntry {
  eventId: string;
  account: string;
  secret: string;
  version: string;
  stages: readonly string[];
  expireTime: number;
  leadDays: number;
  /** The console's secret page for it (absolute URL). */
  secretUrl: string;
}

export interface Digest {
  /** The delivery's stable id: the same on every retry, what receivers deduplicate on. */
  deliveryId: string;
  kind: 'digest' | 'test';
  language: NotifyLanguage;
  timeZone: string;
  /** When the digest was made (epoch ms): the time its relative dates are counted from. */
  createdAt: number;
  /** At most MAX_DIGEST_ENTRIES, most urgent first; `total` counts them all. */
  entries: readonly DigestEntry[];
  total: number;
  /** The console's fleet board (absolute URL), filtered to what is expiring. */
  boardUrl: string;
  /** The console's root (absolute URL). */
  consoleUrl: string;
}

/** Entries a digest lists by name; the rest are counted, with the board's link. */
export const MAX_DIGEST_ENTRIES = 25;

export class DeliveryFailure extends Error {
  constructor(
    readonly code: DeliveryErrorCode,
    message: string,
    /** False when trying again cannot help (a refused address, bad credentials): no retry. */
    readonly retryable = true,
  ) {
    super(message);
    this.name = 'DeliveryFailure';
  }
}

export interface SendContext {
  signal: AbortSignal;
  /** The clock signatures use (seconds or ms, as each scheme says). */
  now: () => number;
}

/** Puts one digest on the wire through one channel; resolves when the receiver accepted it. */
export type SendDigest = (channel: ResolvedChannel, digest: Digest, ctx: SendContext) => Promise<void>;

/** The configuration the evaluation and the delivery worker read. */
export interface NotifyConfigReader {
  /** Every rule (enabled or not), by name. */
  rules(): Promise<Rule[]>;
  /** A channel with its credentials opened; undefined when deleted. Throws DeliveryFailure('decrypt_failed'). */
  resolveChannel(id: string): Promise<ResolvedChannel | undefined>;
}
