/**
 * The words of a warning (issue 14), in the rule's language (en or zh-CN), shared by every channel: each
 * sender only lays these strings out in its platform's format (markdown, Feishu post, Slack blocks, mail).
 * Messages come from the server catalogues locales/en.json and locales/zh-CN.json (flat keys, ICU
 * MessageFormat), compiled once at load with @lingui/message-utils, so a broken message fails at start, not
 * in the middle of a delivery. Dates are written in the rule's time zone with Intl.DateTimeFormat, with the
 * offset spelt out ("2026-12-13 08:00 GMT+8"), because the reader may sit in another zone.
 */
import { setupI18n, type I18n } from '@lingui/core';
import { compileMessageOrThrow } from '@lingui/message-utils/compileMessage';
import type { NotifyLanguage } from '@csms-console/api-contract';
import en from '../locales/en.json' with { type: 'json' };
import zhCN from '../locales/zh-CN.json' with { type: 'json' };
import { MAX_DIGEST_ENTRIES, type Digest, type DigestEntry } from '../types.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export type MessageKey = keyof typeof en;
export const CATALOGUES: Record<NotifyLanguage, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

function compile(language: NotifyLanguage): I18n {
  const messages = Object.fromEntries(
    Object.entries(CATALOGUES[language]).map(([key, text]) => [key, compileMessageOrThrow(text)]),
  );
  return setupI18n({ locale: language, messages: { [language]: messages } });
}
const translators: Record<NotifyLanguage, I18n> = { en: compile('en'), 'zh-CN': compile('zh-CN') };

export interface RenderedEntry {
  secret: string;
  version: string;
  account: string;
  /** "stages SYSCURRENT, SYSPENDING" or "no stage". */
  stages: string;
  /** "expires in 7 days" / "expired". */
  relative: string;
  /** "expires at 2026-12-13 08:00 GMT+8". */
  when: string;
  url: string;
  expired: boolean;
}

export interface RenderedDigest {
  test: boolean;
  subject: string;
  /** The opening sentence: the count (or, for a test, what the test is). */
  header: string;
  entries: RenderedEntry[];
  /** "…and N more versions on the fleet board." when the digest lists fewer than it counts. */
  more: string | null;
  /** How many versions the digest counts but does not list. */
  unlisted: number;
  /** The same sentence for `count` unlisted versions (a channel that must cut the list shorter); null for 0. */
  moreFor: (count: number) => string | null;
  /** The link under the list, and its words. */
  link: { label: string; url: string };
  /** The link text of one entry ("Open"). */
  open: string;
  footer: string;
}

/** The texts of `digest` in its language. `channelName` is named in a test message. */
export function renderDigest(digest: Digest, channelName: string): RenderedDigest {
  const i18n = translators[digest.language];
  const t = (key: MessageKey, values?: Record<string, unknown>) => i18n._(key, values);
  const footer = t('digest.footer', { deliveryId: digest.deliveryId });
  if (digest.kind === 'test') {
    return {
      test: true,
      subject: t('test.subject'),
      header: t('test.body', { channel: channelName }),
      entries: [],
      more: null,
      unlisted: 0,
      moreFor: () => null,
      link: { label: t('test.open'), url: digest.consoleUrl },
      open: t('entry.open'),
      footer,
    };
  }
  const listed = digest.entries.slice(0, MAX_DIGEST_ENTRIES);
  const total = Math.max(digest.total, digest.entries.length);
  const moreFor = (count: number) => (count > 0 ? t('digest.more', { count }) : null);
  return {
    test: false,
    subject: t('digest.subject', { count: total }),
    header: t('digest.header', { count: total }),
    entries: listed.map((entry) => renderEntry(entry, digest, t)),
    more: moreFor(total - listed.length),
    unlisted: total - listed.length,
    moreFor,
    link: { label: t('digest.board'), url: digest.boardUrl },
    open: t('entry.open'),
    footer,
  };
}

function renderEntry(
  entry: DigestEntry,
  digest: Digest,
  t: (key: MessageKey, values?: Record<string, unknown>) => string,
): RenderedEntry {
  // Counted from when the digest was made, not from the lead time: a warning that comes late (a rule created
  // 3 days before expiry sends its 7-day warning) must not say "in 7 days".
  const left = entry.expireTime - digest.createdAt;
  const expired = entry.leadDays <= 0 || left <= 0;
  const when = formatInstant(entry.expireTime, digest.language, digest.timeZone);
  return {
    secret: entry.secret,
    version: entry.version,
    account: t('entry.account', { account: entry.account }),
    stages:
      entry.stages.length > 0 ? t('entry.stages', { stages: entry.stages.join(', ') }) : t('entry.no_stages'),
    relative: expired
      ? t('entry.expired')
      : left < DAY_MS
        ? t('entry.expires_in_hours', { hours: Math.max(1, Math.ceil(left / HOUR_MS)) })
        : t('entry.expires_in', { days: Math.round(left / DAY_MS) }),
    when: t(expired ? 'entry.when_past' : 'entry.when_future', { when }),
    url: entry.secretUrl,
    expired,
  };
}

/** An instant in `timeZone` with its offset: "2026-12-13 08:00 GMT+8", "2026年12月13日 08:00 (GMT+8)". */
export function formatInstant(epochMs: number, language: NotifyLanguage, timeZone: string): string {
  const locale = language === 'zh-CN' ? 'zh-CN' : 'en-US';
  const parts = new Intl.DateTimeFormat(locale, {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'shortOffset',
  }).formatToParts(epochMs);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const time = `${part('hour')}:${part('minute')}`;
  if (language === 'zh-CN') {
    const date = new Intl.DateTimeFormat('zh-CN', { timeZone, dateStyle: 'long' }).format(epochMs);
    return `${date} ${time}（${part('timeZoneName')}）`;
  }
  return `${part('year')}-${part('month')}-${part('day')} ${time} ${part('timeZoneName')}`;
}

/** One entry as a line of plain text: "app-db · v7 (account prod, stages SYSCURRENT): expires in 7 days, expires at …". */
export function entryLine(entry: RenderedEntry): string {
  return `${entry.secret} · ${entry.version} (${entry.account}; ${entry.stages}): ${entry.relative}, ${entry.when}`;
}
