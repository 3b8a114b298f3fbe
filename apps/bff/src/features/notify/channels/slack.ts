/**
 * Slack incoming webhook (issue 14). Documented scheme (api.slack.com "Sending messages using incoming
 * webhooks"): POST JSON `{text, blocks}` to the webhook URL (the URL is the credential; no signature);
 * `text` is the fallback for notifications, `blocks` the message (mrkdwn, links as `<url|text>`, with `&`,
 * `<`, `>` escaped). Slack answers 200 with the body `ok`; errors are 4xx with a word as the body
 * (`invalid_payload`, `no_service`, `channel_is_archived`, ...).
 */
import type { Digest, ResolvedChannel, SendContext } from '../types.js';
import { DeliveryFailure } from '../types.js';
import { postOnce } from './http-post.js';
import { requireSecret, type SenderOptions } from './options.js';
import { entryLine, renderDigest, type RenderedDigest } from './render.js';

/** Slack's three control characters in mrkdwn text. */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

export function slackMessage(rendered: RenderedDigest): { text: string; blocks: unknown[] } {
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: rendered.subject.slice(0, 150) } },
    section(slackEscape(rendered.header)),
  ];
  for (const entry of rendered.entries) {
    const name = `<${entry.url}|${slackEscape(`${entry.secret} · ${entry.version}`)}>`;
    blocks.push(
      section(
        `*${name}* ${slackEscape(entry.relative)}\n${slackEscape(`${entry.account}; ${entry.stages}; ${entry.when}`)}`,
      ),
    );
  }
  if (rendered.more) blocks.push(section(slackEscape(rendered.more)));
  blocks.push(section(`<${rendered.link.url}|${slackEscape(rendered.link.label)}>`));
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: slackEscape(rendered.footer) }] });
  const text = [rendered.subject, ...rendered.entries.map(entryLine)].join('\n');
  return { text: slackEscape(text).slice(0, 3000), blocks };
}

export async function sendSlack(
  channel: ResolvedChannel,
  digest: Digest,
  ctx: SendContext,
  options: SenderOptions,
): Promise<void> {
  const url = requireSecret(channel.secrets, 'url');
  const answer = await postOnce(
    url,
    JSON.stringify(slackMessage(renderDigest(digest, channel.name))),
    { 'content-type': 'application/json; charset=utf-8' },
    {
      allowHosts: options.allowHosts,
      timeoutMs: options.sendTimeoutMs,
      signal: ctx.signal,
      tls: options.testTls,
    },
  );
  if (answer.body.trim() !== 'ok') {
    throw new DeliveryFailure(
      'receiver_rejected',
      `Slack at ${answer.host} answered HTTP ${answer.status} without "ok".`,
    );
  }
}
