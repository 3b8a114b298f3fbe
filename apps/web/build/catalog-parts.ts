/**
 * Vite plugin: the message catalogues (`src/locales/<locale>.json`, ICU MessageFormat) as precompiled parts.
 * `virtual:catalog/<locale>/core` holds what the entry's pages say (the shell, sign-in, the secrets list,
 * errors, times); `virtual:catalog/<locale>/pages` the rest (the secret page, the editor, the fleet board,
 * the audit page), fetched with the first of those pages. Splitting keeps about 6 KB of words off the
 * secrets list's cold load (issue 13's 150 KB budget). Messages are compiled here with Lingui's own compiler
 * (@lingui/message-utils), so no ICU parser ships and a malformed message fails the build.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileMessageOrThrow } from '@lingui/message-utils/compileMessage';
import type { Plugin } from 'vite';

/** Key namespaces only the lazily loaded pages use. */
export const PAGE_NAMESPACES = ['versions', 'expiry', 'fleet', 'audit', 'notify'];
/**
 * Error codes only the notifications page's calls (`/api/notifications/*`) answer: their `errors.<code>`
 * sentences come with that page's words (which it loads before it shows), not with the entry's.
 */
export const PAGE_ERROR_CODES = [
  'channel_in_use',
  'channel_not_found',
  'channel_target_refused',
  'delivery_not_found',
  'notify_key_missing',
  'provisioned_read_only',
  'rule_not_found',
];

/** Whether a catalogue key belongs to the lazily loaded pages' part. */
export function isPageKey(key: string): boolean {
  const [namespace, rest] = [key.split('.')[0]!, key.slice(key.indexOf('.') + 1)];
  return PAGE_NAMESPACES.includes(namespace) || (namespace === 'errors' && PAGE_ERROR_CODES.includes(rest));
}
const LOCALES_DIR = fileURLToPath(new URL('../src/locales/', import.meta.url));
const ID = /^virtual:catalog\/(en|zh-CN)\/(core|pages)$/;

export function catalogParts(): Plugin {
  return {
    name: 'catalog-parts',
    enforce: 'pre',
    resolveId(id) {
      return ID.test(id) ? `\0${id}` : null;
    },
    load(id) {
      const match = ID.exec(id.replace(/^\0/, ''));
      if (!match) return null;
      const [, locale, part] = match as unknown as [string, string, 'core' | 'pages'];
      const file = `${LOCALES_DIR}${locale}.json`;
      this.addWatchFile(file);
      const all = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
      const compiled: Record<string, unknown> = {};
      for (const [key, message] of Object.entries(all)) {
        if (isPageKey(key) !== (part === 'pages')) continue;
        try {
          compiled[key] = compileMessageOrThrow(message);
        } catch (error) {
          this.error(`${locale}.json "${key}": ${(error as Error).message}`);
        }
      }
      return `export const messages = JSON.parse(${JSON.stringify(JSON.stringify(compiled))});`;
    },
  };
}
