/**
 * The senders of advance warnings (issue 14): `createSender` puts one digest on the wire through one channel
 * (the delivery worker calls it once per attempt), `checkChannelTarget` checks where a channel points when
 * it is saved, so an admin hears at once that an address is refused rather than at the first warning.
 * Both throw DeliveryFailure; messages name a host, never a URL, key or password.
 */
import type { ChannelKind } from '@csms-console/api-contract';
import { checkHost, checkWebhookUrl } from '../target-guard.js';
import { DeliveryFailure, type SendDigest } from '../types.js';
import { sendDingtalk } from './dingtalk.js';
import { sendEmail } from './email.js';
import { sendFeishu } from './feishu.js';
import type { Sender, SenderOptions } from './options.js';
import { sendSlack } from './slack.js';
import { sendWebhook } from './webhook.js';
import { sendWecom } from './wecom.js';

export type { SenderOptions } from './options.js';
export { renderDigest, formatInstant } from './render.js';

const SENDERS = {
  webhook: sendWebhook,
  feishu: sendFeishu,
  dingtalk: sendDingtalk,
  wecom: sendWecom,
  slack: sendSlack,
  email: sendEmail,
} as const satisfies Record<ChannelKind, Sender>;

/** A SendDigest for NOTIFY_ALLOW_HOSTS and NOTIFY_SEND_TIMEOUT_MS (`testTls` only in tests). */
export function createSender(settings: SenderOptions): SendDigest {
  const options: SenderOptions = {
    allowHosts: [...settings.allowHosts],
    sendTimeoutMs: settings.sendTimeoutMs,
    ...(settings.testTls ? { testTls: { ...settings.testTls } } : {}),
  };
  return (channel, digest, ctx) => {
    const send: Sender | undefined = SENDERS[channel.kind];
    if (!send)
      throw new DeliveryFailure(
        'internal_error',
        `No sender for channel kind ${String(channel.kind)}.`,
        false,
      );
    return send(channel, digest, ctx, options);
  };
}

/**
 * Save-time check of a channel's target: a webhook kind's `url` (https, public address, or allow-listed),
 * an email channel's `smtp_host`/`smtp_port` (public address, or allow-listed). Fields not given (a PUT
 * keeping the stored URL) are not checked. Throws DeliveryFailure (`scheme_refused`, `address_refused`,
 * `dns_failed`).
 */
export async function checkChannelTarget(
  kind: ChannelKind,
  fields: { url?: string | null; smtp_host?: string; smtp_port?: number },
  allowHosts: readonly string[],
): Promise<void> {
  if (kind === 'email') {
    if (fields.smtp_host !== undefined && fields.smtp_port !== undefined)
      await checkHost(fields.smtp_host, fields.smtp_port, allowHosts);
    return;
  }
  if (typeof fields.url === 'string') await checkWebhookUrl(fields.url, allowHosts);
}
