/**
 * The two catalogues stay in step: the same keys, valid ICU MessageFormat, the same arguments (a translation
 * that drops `{count}` or renames `{zone}` would print a hole), plural messages with an `other` case, no English
 * left in the Chinese one, a message for every error code the BFF can send, and no key that nothing uses.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ErrorCodeSchema } from '@csms-console/api-contract';
import { parse, type Token } from '@messageformat/parser';
import { describe, expect, it } from 'vitest';
import en from './en.json';
import zh from './zh-CN.json';

const catalogues = { en: en as Record<string, string>, 'zh-CN': zh as Record<string, string> };
const SRC = join(import.meta.dirname, '..');

/** Arguments of a message: `count:plural`, `zone:argument`, nested cases included. */
function argumentsOf(tokens: Token[], into = new Set<string>()): Set<string> {
  for (const token of tokens) {
    if (token.type === 'argument') into.add(`${token.arg}:argument`);
    else if (token.type === 'function') into.add(`${token.arg}:${token.key}`);
    else if (token.type === 'plural' || token.type === 'select' || token.type === 'selectordinal') {
      into.add(`${token.arg}:${token.type}`);
      for (const c of token.cases) argumentsOf(c.tokens, into);
    }
  }
  return into;
}

function pluralsWithoutOther(tokens: Token[]): string[] {
  const missing: string[] = [];
  for (const token of tokens) {
    if (token.type === 'plural' || token.type === 'select' || token.type === 'selectordinal') {
      if (!token.cases.some((c) => c.key === 'other')) missing.push(token.arg);
      for (const c of token.cases) missing.push(...pluralsWithoutOther(c.tokens));
    }
  }
  return missing;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('message catalogues', () => {
  it('have the same keys in every language', () => {
    const enKeys = Object.keys(catalogues.en);
    const zhKeys = Object.keys(catalogues['zh-CN']);
    expect(
      enKeys.filter((k) => !(k in catalogues['zh-CN'])),
      'missing from zh-CN.json',
    ).toEqual([]);
    expect(
      zhKeys.filter((k) => !(k in catalogues.en)),
      'missing from en.json',
    ).toEqual([]);
  });

  it('hold valid ICU messages with the same arguments in both languages, plurals with `other`', () => {
    const problems: string[] = [];
    for (const [key, source] of Object.entries(catalogues.en)) {
      const parsed: Record<string, Token[]> = {};
      for (const [locale, catalogue] of Object.entries(catalogues)) {
        const message = catalogue[key];
        if (message === undefined) continue;
        if (message.trim() === '') problems.push(`${locale} ${key}: empty`);
        try {
          parsed[locale] = parse(message, { cardinal: locale === 'en' ? ['one', 'other'] : ['other'] });
        } catch (error) {
          problems.push(`${locale} ${key}: ${(error as Error).message}`);
        }
      }
      const [a, b] = [parsed.en, parsed['zh-CN']];
      if (!a || !b) continue;
      const [argsA, argsB] = [[...argumentsOf(a)].sort(), [...argumentsOf(b)].sort()];
      if (argsA.join() !== argsB.join())
        problems.push(`${key}: en {${argsA.join()}} vs zh-CN {${argsB.join()}}`);
      for (const arg of pluralsWithoutOther([...a, ...b]))
        problems.push(`${key}: {${arg}} has no "other" case`);
      void source;
    }
    expect(problems).toEqual([]);
  });

  it('leave no English sentence untranslated in Chinese', () => {
    const untranslated = Object.entries(catalogues['zh-CN'])
      .filter(
        ([key, value]) => value === catalogues.en[key] && /[a-z]{3,}/.test(value.replace(/\{[^}]*\}/g, '')),
      )
      .map(([key]) => key);
    expect(untranslated).toEqual([]);
  });

  it('say every error code of the contract, and the client-side ones', () => {
    const codes = [...ErrorCodeSchema.options, 'network_error', 'invalid_response'];
    for (const catalogue of Object.values(catalogues)) {
      expect(codes.filter((code) => !(`errors.${code}` in catalogue))).toEqual([]);
    }
  });

  it('hold no key that the code does not use', () => {
    const code = sourceFiles(SRC)
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    // Keys built at run time (`t(\`errors.${code}\`)`) use every key under their prefix.
    const prefixes = [...code.matchAll(/`([a-zA-Z]+(?:\.[a-zA-Z]+)*\.)\$\{/g)].map((m) => m[1]!);
    const unused = Object.keys(catalogues.en).filter(
      (key) =>
        !code.includes(`'${key}'`) && !code.includes(`"${key}"`) && !prefixes.some((p) => key.startsWith(p)),
    );
    expect(unused, `unused keys (files under ${relative(process.cwd(), SRC)})`).toEqual([]);
  });
});
