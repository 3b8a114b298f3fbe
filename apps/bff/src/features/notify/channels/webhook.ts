/**
 * The generic webhook (issue 14): the digest as JSON, for receivers the console does not know.
 *
 * POST, `content-type: application/json`, body
 * `{id, kind, language, created_at, total, board_url, subject, events: [{id, account, secret, version, stages,
 * expire_time, lead_days, secret_url}]}` (times in epoch ms, `lead_days` 0 = expired), and headers:
 * - `X-Console-Delivery: <delivery id>`: the same on every retry; receivers deduplicate on it (also `id`).
 * - `X-Console-Timestamp: <unix seconds>`: when this attempt was signed; reject old ones to stop replays.
 * - `X-Console-Signature: sha256=<hex HMAC-SHA256(signing_key, "<timestamp>.<raw body>")>`.
 * A receiver verifies by recomputing the HMAC over the exact bytes it received, comparing in constant time.
 */
import { createHmac } from 'node:crypto';
import type { Digest, ResolvedChannel, SendContext } from '../types.js';
import { postOnce } from './http-post.js';
import { requireSecret, type SenderOptions } from './options.js';
import { renderDigest } from './render.js';

/** `sha256=<hex>` of HMAC-SHA256 under `key` over `${timestamp}.${body}`. */
export function webhookSignature(key: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', key).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

export function webhookBody(digest: Digest, subject: string): string {
  return JSON.stringify({
    id: digest.deliveryId,
    kind: digest.kind,
    language: digest.language,
    created_at: digest.createdAt,
    total: digest.total,
    board_url: digest.boardUrl,
    subject,
    events: digest.entries.map((e) => ({
      id: e.eventId,
      account: e.account,
      secret: e.secret,
      version: e.version,
      stages: e.stages,
      expire_time: e.expireTime,
      lead_days: e.leadDays,
      secret_url: e.secretUrl,
    })),
  });
}

export async function sendWebhook(
  channel: ResolvedChannel,
  digest: Digest,
  ctx: SendContext,
  options: SenderOptions,
): Promise<void> {
  const url = requireSecret(channel.secrets, 'url');
  const key = requireSecret(channel.secrets, 'signing_key');
  const body = webhookBody(digest, renderDigest(digest, channel.name).subject);
  const timestamp = Math.floor(ctx.now() / 1000);
  await postOnce(
    url,
    body,
    {
      'content-type': 'application/json; charset=utf-8',
      'x-console-delivery': digest.deliveryId,
      'x-console-timestamp': String(timestamp),
      'x-console-signature': webhookSignature(key, timestamp, body),
    },
    {
      allowHosts: options.allowHosts,
      timeoutMs: options.sendTimeoutMs,
      signal: ctx.signal,
      tls: options.testTls,
    },
  );
}
