/**
 * Chat bots answer HTTP 200 even when they refuse a message; the refusal is in the JSON: Feishu/Lark
 * `{code, msg}` (older bots `{StatusCode, StatusMessage}`), DingTalk and WeCom `{errcode, errmsg}`. A non-zero
 * code is `receiver_rejected` with the code and the bot's message (which names the problem, e.g. Feishu
 * 19021 "sign match fail or timestamp is not within one hour from current time", DingTalk 310000 "sign not
 * match"). Only a rate limit is worth retrying; a bad signature, keyword or IP rule stays bad.
 */
import { DeliveryFailure } from '../types.js';
import type { PostAnswer } from './http-post.js';

/** Codes meaning "too many messages, try later": Feishu 11232, DingTalk 130101, WeCom 45009. */
const RATE_LIMITED = new Set([11232, 130101, 45009]);

export function checkBotAnswer(answer: PostAnswer, codeField: 'code' | 'errcode', platform: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.body);
  } catch {
    throw new DeliveryFailure(
      'receiver_rejected',
      `${answer.host} answered HTTP ${answer.status} without the ${platform} JSON answer.`,
    );
  }
  const record = (parsed ?? {}) as Record<string, unknown>;
  const code = record[codeField] ?? record.StatusCode;
  const text = record[codeField === 'code' ? 'msg' : 'errmsg'] ?? record.StatusMessage;
  if (code === 0) return;
  const message = typeof text === 'string' ? text.slice(0, 200) : '';
  throw new DeliveryFailure(
    'receiver_rejected',
    `${platform} at ${answer.host} refused the message: ${codeField} ${String(code)}${message ? ` (${message})` : ''}.`,
    typeof code === 'number' && RATE_LIMITED.has(code),
  );
}
