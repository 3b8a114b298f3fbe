/**
 * The console's languages: English and Simplified Chinese. Every user-facing string is a key of
 * `locales/en.json` (ICU MessageFormat: `{count, plural, one {# version} other {# versions}}`), translated in
 * `locales/zh-CN.json`; `catalogs.test.ts` keeps the two in step. Only the active language's catalogue is
 * downloaded, precompiled at build time (build/catalog-parts.ts: no message parser in the bundle), in two
 * parts: what the entry's pages say, and the rest with the first page that needs it.
 *
 * `t(key, values)` reads the active language. Call it while rendering (or in code called from a render),
 * never at module scope: switching the language re-renders the whole route tree (see app/provider.tsx).
 */
import { i18n } from '@lingui/core';
import { I18nProvider, Trans, useLingui } from '@lingui/react';
import type { Locale as DateLocale } from 'date-fns';
import { enUS } from 'date-fns/locale/en-US';
import type { ReactNode } from 'react';
import type en from '../locales/en.json';

export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

/** Each language named in itself, as a language menu shows it. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', 'zh-CN': '简体中文' };

export type MessageKey = keyof typeof en;
export type MessageValues = Record<string, string | number | null | undefined>;

const STORAGE_KEY = 'csms-console.locale';

type Part = 'core' | 'pages';
type CatalogModule = Promise<{ messages: Record<string, unknown> }>;
/** Each language in two precompiled parts (build/catalog-parts.ts): what the entry says, and the rest. */
const CATALOGS: Record<Locale, Record<Part, () => CatalogModule>> = {
  en: {
    core: () => import('virtual:catalog/en/core'),
    pages: () => import('virtual:catalog/en/pages'),
  },
  'zh-CN': {
    core: () => import('virtual:catalog/zh-CN/core'),
    pages: () => import('virtual:catalog/zh-CN/pages'),
  },
};
/** Set once a page that needs the `pages` part is opened: a language switch then loads both parts. */
let pagesWanted = false;

const DATE_LOCALES: Record<Locale, () => Promise<DateLocale>> = {
  en: () => Promise.resolve(enUS),
  'zh-CN': async () => (await import('date-fns/locale/zh-CN')).zhCN,
};

let dateLocale: DateLocale = enUS;

/** The date-fns locale of the active language (lib/time.ts formats with it). */
export function activeDateLocale(): DateLocale {
  return dateLocale;
}

export function activeLocale(): Locale {
  return isLocale(i18n.locale) ? i18n.locale : 'en';
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** One of our locales for a BCP 47 tag: `zh`, `zh-CN`, `zh-Hans-CN`, `zh-SG` read as Simplified Chinese. */
export function matchLocale(tag: string): Locale | undefined {
  const lower = tag.toLowerCase();
  if (lower === 'en' || lower.startsWith('en-')) return 'en';
  // Traditional Chinese (zh-TW, zh-HK, zh-Hant) is a different written language: English serves it better
  // than Simplified characters would be assumed to.
  if (/^zh(-hans)?(-(cn|sg|my))?$/.test(lower) || lower.startsWith('zh-hans')) return 'zh-CN';
  return undefined;
}

/** The remembered choice, else the first browser language we speak, else English. */
export function detectLocale(
  stored: string | null = readStored(),
  languages: readonly string[] = typeof navigator === 'undefined' ? [] : navigator.languages,
): Locale {
  if (isLocale(stored)) return stored;
  for (const tag of languages) {
    const match = matchLocale(tag);
    if (match) return match;
  }
  return 'en';
}

function readStored(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** Loads the language's catalogue and date locale, makes it active, sets `<html lang>`. */
export async function activateLocale(locale: Locale): Promise<void> {
  const parts: Part[] = pagesWanted ? ['core', 'pages'] : ['core'];
  const [dates, ...catalogs] = await Promise.all([
    DATE_LOCALES[locale](),
    ...parts.map((part) => CATALOGS[locale][part]()),
  ]);
  for (const { messages } of catalogs) i18n.load(locale, messages as never);
  dateLocale = dates;
  i18n.activate(locale);
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

/**
 * The words of the pages outside the entry (secret page, editor, fleet board, audit page), in the active
 * language: the router awaits this with each of those pages' code.
 */
export async function loadPageMessages(): Promise<void> {
  pagesWanted = true;
  const locale = activeLocale();
  const { messages } = await CATALOGS[locale].pages();
  i18n.load(locale, messages as never);
}

/** Switches language and remembers the choice in this browser. */
export async function chooseLocale(locale: Locale): Promise<void> {
  await activateLocale(locale);
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Storage may be off (private mode); the choice still holds for this page.
  }
}

/** The text of `key` in the active language. */
export function t(key: MessageKey, values?: MessageValues): string {
  return i18n._(key, values);
}

export function I18nRoot({ children }: { children: ReactNode }) {
  return <I18nProvider i18n={i18n}>{children}</I18nProvider>;
}

/** The active locale, re-rendering the caller when it changes. */
export function useLocale(): Locale {
  const { i18n: active } = useLingui();
  return isLocale(active.locale) ? active.locale : 'en';
}

/**
 * A sentence with React elements in it (a link, a live timer): `<Msg id="retry.retryingIn" values={{ timer }} />`
 * renders "Retrying in <timer>." with the element where the catalogue puts `{timer}`.
 */
export function Msg({ id, values }: { id: MessageKey; values?: Record<string, ReactNode> }) {
  return <Trans id={id} values={values} />;
}
