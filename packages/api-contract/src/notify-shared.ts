/**
 * The few notification (issue 14) schemas other resources use: a channel's kind (the secret page's advance
 * warnings name it) and whether the console will warn anyone before a version expires (the fleet board and
 * the secret page). Apart from notify.ts so the SPA's shared chunk does not carry the rules', channels' and
 * deliveries' schemas, which only the notifications page needs.
 */
import { z } from 'zod/mini';

export const ChannelKindSchema = z.enum(['webhook', 'feishu', 'dingtalk', 'wecom', 'slack', 'email']);
export type ChannelKind = z.infer<typeof ChannelKindSchema>;

/**
 * Will the console warn anyone before this version expires? `ok`: an enabled rule covers it and at least one
 * of its channels is not failing; `channel_failing`: rules cover it but every channel they name is failing;
 * `no_rule`: no enabled rule covers it.
 */
export const ConsoleNotifySchema = z.enum(['ok', 'channel_failing', 'no_rule']);
export type ConsoleNotify = z.infer<typeof ConsoleNotifySchema>;

/** How far ahead notification health looks ("expiring soon"). */
export const NOTIFY_HEALTH_DAYS = 30;
