/**
 * A digest as the markdown DingTalk and WeCom bots show (both read a small subset: headings, bold, links,
 * line breaks). WeCom caps `markdown.content` at 4096 bytes of UTF-8, so the list is cut to fit and the
 * rest counted ("…and N more") with the board's link, which always stays.
 */
import type { RenderedDigest } from './render.js';

/** Link text cannot hold brackets; other characters are shown as they are. */
function linkText(text: string): string {
  return text.replace(/[[\]]/g, ' ');
}

export function entryMarkdown(entry: RenderedDigest['entries'][number]): string {
  const name = `[${linkText(`${entry.secret} · ${entry.version}`)}](${entry.url})`;
  return `- **${name}** ${entry.relative}\n  ${entry.account}; ${entry.stages}; ${entry.when}`;
}

/** The digest in markdown, at most `maxBytes` of UTF-8 (entries dropped from the end to fit). */
export function digestMarkdown(rendered: RenderedDigest, maxBytes = Infinity): string {
  const head = `### ${rendered.subject}\n${rendered.header}`;
  const link = `[${linkText(rendered.link.label)}](${rendered.link.url})`;
  const tail = (unlisted: number) => {
    const more = unlisted > 0 ? rendered.moreFor(unlisted + rendered.unlisted) : rendered.more;
    return [more, link, `> ${rendered.footer}`].filter((line) => line !== null).join('\n\n');
  };
  const lines = rendered.entries.map(entryMarkdown);
  for (let keep = lines.length; keep >= 0; keep--) {
    const text = [
      head,
      ...(keep > 0 ? [lines.slice(0, keep).join('\n')] : []),
      tail(lines.length - keep),
    ].join('\n\n');
    if (Buffer.byteLength(text, 'utf8') <= maxBytes || keep === 0) return cutBytes(text, maxBytes);
  }
  return cutBytes(head, maxBytes);
}

/** Cuts at a character boundary so the text stays valid UTF-8 (only when even the head is too long). */
function cutBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  let out = '';
  for (const ch of text) {
    if (Buffer.byteLength(out + ch, 'utf8') > maxBytes) break;
    out += ch;
  }
  return out;
}
