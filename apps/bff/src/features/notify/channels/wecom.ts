/**
 * WeCom (WeChat Work) group robot (issue 14). Documented scheme (developer.work.weixin.qq.com "Group robot
 * configuration"): POST to the robot's webhook URL (its `key` query parameter is the credential; there is
 * no signature) `{msgtype: "markdown", markdown: {content}}`, content at most 4096 bytes of UTF-8. The robot
 * answers HTTP 200 with `{errcode, errmsg}`; errcode 0 is success, 93000 an invalid webhook, 45009 too many.
 */
import type { Digest, ResolvedChannel, SendContext } from '../types.js';
import { checkBotAnswer } from './bot-answer.js';
import { postOnce } from './http-post.js';
import { digestMarkdown } from './markdown.js';
import { requireSecret, type SenderOptions } from './options.js';
import { renderDigest } from './render.js';

export const WECOM_MAX_BYTES = 4096;

export async function sendWecom(
  channel: ResolvedChannel,
  digest: Digest,
  ctx: SendContext,
  options: SenderOptions,
): Promise<void> {
  const url = requireSecret(channel.secrets, 'url');
  const content = digestMarkdown(renderDigest(digest, channel.name), WECOM_MAX_BYTES);
  const answer = await postOnce(
    url,
    JSON.stringify({ msgtype: 'markdown', markdown: { content } }),
    { 'content-type': 'application/json; charset=utf-8' },
    {
      allowHosts: options.allowHosts,
      timeoutMs: options.sendTimeoutMs,
      signal: ctx.signal,
      tls: options.testTls,
    },
  );
  checkBotAnswer(answer, 'errcode', 'WeCom');
}
