/**
 * Feishu / Lark custom bot (issue 14). Documented scheme (open.feishu.cn "Custom bot usage guide",
 * "signature verification"): when the bot has a signing secret, the body carries `timestamp` (unix seconds,
 * as a string, within an hour of the bot's clock) and `sign` = base64(HMAC-SHA256 with the *key*
 * `"<timestamp>\n<secret>"` over an *empty* message). The message is a rich-text post:
 * `{msg_type: "post", content: {post: {zh_cn | en_us: {title, content: [[{tag: "text" | "a", ...}]]}}}}`.
 * The bot answers HTTP 200 with `{code, msg}`; `code` 0 is success, 19021 a bad signature, 19024 a missing
 * keyword, 19022 an IP not allowed.
 */
import { createHmac } from 'node:crypto';
import type { Digest, ResolvedChannel, SendContext } from '../types.js';
import { checkBotAnswer } from './bot-answer.js';
import { postOnce } from './http-post.js';
import { requireSecret, type SenderOptions } from './options.js';
import { entryLine, renderDigest, type RenderedDigest } from './render.js';

/** base64(HMAC-SHA256(key = `${timestamp}\n${secret}`, message = "")). */
export function feishuSign(secret: string, timestampSeconds: number): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

type Tag = { tag: 'text'; text: string } | { tag: 'a'; text: string; href: string };

export function feishuPost(rendered: RenderedDigest, language: Digest['language']): unknown {
  const rows: Tag[][] = [[{ tag: 'text', text: rendered.header }]];
  for (const entry of rendered.entries) {
    rows.push([
      { tag: 'text', text: `• ${entryLine(entry)} ` },
      { tag: 'a', text: rendered.open, href: entry.url },
    ]);
  }
  if (rendered.more) rows.push([{ tag: 'text', text: rendered.more }]);
  rows.push([{ tag: 'a', text: rendered.link.label, href: rendered.link.url }]);
  rows.push([{ tag: 'text', text: rendered.footer }]);
  const locale = language === 'zh-CN' ? 'zh_cn' : 'en_us';
  return { post: { [locale]: { title: rendered.subject, content: rows } } };
}

export async function sendFeishu(
  channel: ResolvedChannel,
  digest: Digest,
  ctx: SendContext,
  options: SenderOptions,
): Promise<void> {
  const url = requireSecret(channel.secrets, 'url');
  const secret = channel.secrets.secret;
  const rendered = renderDigest(digest, channel.name);
  const signed: Record<string, string> = {};
  if (secret) {
    const timestamp = Math.floor(ctx.now() / 1000);
    signed.timestamp = String(timestamp);
    signed.sign = feishuSign(secret, timestamp);
  }
  const body = JSON.stringify({
    ...signed,
    msg_type: 'post',
    content: feishuPost(rendered, digest.language),
  });
  const answer = await postOnce(
    url,
    body,
    { 'content-type': 'application/json; charset=utf-8' },
    {
      allowHosts: options.allowHosts,
      timeoutMs: options.sendTimeoutMs,
      signal: ctx.signal,
      tls: options.testTls,
    },
  );
  checkBotAnswer(answer, 'code', 'Feishu');
}
