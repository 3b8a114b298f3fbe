/**
 * DingTalk custom robot (issue 14). Documented scheme (open.dingtalk.com "Custom robot security settings",
 * "signing"): when the robot has a signing secret, the URL gets `&timestamp=<unix ms>&sign=<sign>` where
 * sign = urlencode(base64(HMAC-SHA256 with the key `secret` over `"<timestamp>\n<secret>"`)); the timestamp
 * must be within an hour of the robot's clock. The message is markdown:
 * `{msgtype: "markdown", markdown: {title, text}}`. The robot answers HTTP 200 with `{errcode, errmsg}`;
 * errcode 0 is success, 310000 a bad signature, keyword or IP, 130101 too many messages.
 */
import { createHmac } from 'node:crypto';
import type { Digest, ResolvedChannel, SendContext } from '../types.js';
import { checkBotAnswer } from './bot-answer.js';
import { postOnce } from './http-post.js';
import { digestMarkdown } from './markdown.js';
import { requireSecret, type SenderOptions } from './options.js';
import { renderDigest } from './render.js';

/** base64(HMAC-SHA256(key = secret, message = `${timestamp}\n${secret}`)), before URL encoding. */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

/** The robot's URL with `timestamp` and `sign` added to its query (URLSearchParams encodes `+`, `/`, `=`). */
export function dingtalkSignedUrl(rawUrl: string, secret: string, timestampMs: number): string {
  const url = new URL(rawUrl);
  url.searchParams.set('timestamp', String(timestampMs));
  url.searchParams.set('sign', dingtalkSign(secret, timestampMs));
  return url.toString();
}

export async function sendDingtalk(
  channel: ResolvedChannel,
  digest: Digest,
  ctx: SendContext,
  options: SenderOptions,
): Promise<void> {
  const rawUrl = requireSecret(channel.secrets, 'url');
  const secret = channel.secrets.secret;
  const url = secret && URL.canParse(rawUrl) ? dingtalkSignedUrl(rawUrl, secret, ctx.now()) : rawUrl;
  const rendered = renderDigest(digest, channel.name);
  const body = JSON.stringify({
    msgtype: 'markdown',
    markdown: { title: rendered.subject, text: digestMarkdown(rendered) },
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
  checkBotAnswer(answer, 'errcode', 'DingTalk');
}
