/**
 * Every word the user reads comes from the catalogues. This reads the SPA's source with the TypeScript parser
 * and fails on text that would reach the screen untranslated:
 * - JSX text with a letter in it (`<p>Loading…</p>`);
 * - a string literal in a JSX attribute people read (`aria-label="Close"`, `title`, `placeholder`, `label`...)
 *   or in a JSX child expression (`{busy ? 'Saving' : null}`);
 * - anywhere else, a string that reads as a sentence (`'Could not save the change.'`, `Retry in ${n} s`):
 *   capitalised, with a space, words of letters. Developer-facing errors (`new Error(...)`) are exempt.
 * A line ending in `// i18n-exempt: <why>` is skipped (identifiers that look like words, for instance).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..');
const READ_ATTRIBUTES = new Set([
  'aria-label',
  'aria-description',
  'aria-roledescription',
  'aria-valuetext',
  'aria-placeholder',
  'title',
  'placeholder',
  'alt',
  'label',
  'legend',
  'caption',
  'description',
  'message',
  'heading',
  'hint',
  'empty',
  'none',
]);
const LETTER = /\p{L}/u;
const SENTENCE = /^\s*\p{Lu}[\p{Ll}’']+(?:[ ,;:(][\s\S]*)?\s[\p{L}]/u;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory())
      return name === 'testing' || name === 'locales' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.(test|d)\.tsx?$/.test(name) ? [path] : [];
  });
}

function literalText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node))
    return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' x ');
  return undefined;
}

/** Strings an expression in JSX child position may render: through `?:`, `&&`, `||`, `??` and parentheses. */
function renderedStrings(node: ts.Expression): ts.Expression[] {
  if (ts.isParenthesizedExpression(node)) return renderedStrings(node.expression);
  if (ts.isConditionalExpression(node))
    return [...renderedStrings(node.whenTrue), ...renderedStrings(node.whenFalse)];
  if (ts.isBinaryExpression(node)) return [...renderedStrings(node.left), ...renderedStrings(node.right)];
  return literalText(node) === undefined ? [] : [node];
}

function insideNewError(node: ts.Node): boolean {
  for (let at = node.parent; at; at = at.parent) {
    if (ts.isNewExpression(at) && /Error$/.test(at.expression.getText())) return true;
    if (ts.isCallExpression(at) && /^console\./.test(at.expression.getText())) return true;
    if (ts.isStatement(at)) return false;
  }
  return false;
}

export function findHardcodedStrings(file: string, text = readFileSync(file, 'utf8')): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const lines = text.split('\n');
  const found: string[] = [];
  const report = (node: ts.Node, what: string) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart());
    if (/\/\/ i18n-exempt: \S/.test(lines[line] ?? '')) return;
    found.push(`${relative(SRC, file)}:${line + 1}: ${what}`);
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node)) {
      if (LETTER.test(node.text)) report(node, `JSX text ${JSON.stringify(node.text.trim())}`);
    } else if (ts.isJsxAttribute(node) && node.initializer) {
      const name = node.name.getText();
      const init = node.initializer;
      const value = ts.isJsxExpression(init) && init.expression ? init.expression : init;
      if (READ_ATTRIBUTES.has(name)) {
        for (const literal of renderedStrings(value)) {
          const str = literalText(literal)!;
          if (LETTER.test(str)) report(literal, `${name}=${JSON.stringify(str)}`);
        }
      }
    } else if (ts.isJsxExpression(node) && node.expression && !ts.isJsxAttribute(node.parent)) {
      for (const literal of renderedStrings(node.expression)) {
        const str = literalText(literal)!;
        if (LETTER.test(str)) report(literal, `JSX child ${JSON.stringify(str)}`);
      }
    } else {
      const str = literalText(node);
      if (
        str !== undefined &&
        SENTENCE.test(str) &&
        !ts.isImportDeclaration(node.parent) &&
        !insideNewError(node)
      ) {
        report(node, `sentence ${JSON.stringify(str)}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return [...new Set(found)];
}

describe('no hard-coded user-facing strings', () => {
  it('finds what it is meant to find', () => {
    const sample = [
      'export const A = () => <p>Loading secret…</p>;',
      'export const B = () => <button aria-label="Close">×</button>;',
      "export const C = (busy: boolean) => <span>{busy ? 'Saving' : null}</span>;",
      "export const D = () => <Field label={'Reason'} />;",
      "export const E = 'Could not save the change.';",
      'export const F = (n: number) => `Retry in ${n} s`;',
      'export const G = () => <span className="badge big">{t(\'x.y\')}</span>;',
      "export const H = () => { throw new Error('Expected an integer time'); };",
      "export const I = 'Europe/Berlin';",
    ].join('\n');
    const found = findHardcodedStrings(join(SRC, 'sample.tsx'), sample);
    expect(found.map((f) => f.split(': ')[0])).toEqual([
      'sample.tsx:1',
      'sample.tsx:2',
      'sample.tsx:3',
      'sample.tsx:4',
      'sample.tsx:5',
      'sample.tsx:6',
    ]);
  });

  it('in the SPA source', () => {
    expect(sourceFiles(SRC).flatMap((file) => findHardcodedStrings(file))).toEqual([]);
  });
});
