/**
 * Email (issue 14): one message per digest over SMTP with nodemailer, never in clear text:
 * `smtp_security` `tls` is implicit TLS from the first byte (usually port 465); `starttls` requires the
 * upgrade (usually 587) and fails rather than sending when the server does not offer it (`requireTLS`).
 * Certificates are verified (nodemailer's default); only a test can pass its own CA or switch that off,
 * through `SenderOptions.testTls`.
 *
 * The server is checked like a webhook: `checkHost` before connecting, and nodemailer is handed a socket
 * connected through `guardedLookup` (its `getSocket` hook; nodemailer resolves names with its own cache and
 * takes no `lookup` option), so the address connected to is the address checked.
 *
 * The Message-ID is `<deliveryId@csms-console>`: a mail resent after a failed attempt is recognisably the
 * same one. Plain text and HTML bodies (every value HTML-escaped), subject in the rule's language.
 */
import net from 'node:net';
import nodemailer from 'nodemailer';
import { checkHost, guardedLookup } from '../target-guard.js';
import { DeliveryFailure, type Digest, type ResolvedChannel, type SendContext } from '../types.js';
import { fromSocketError } from './http-post.js';
import { type SenderOptions } from './options.js';
import { entryLine, renderDigest, type RenderedDigest } from './render.js';

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export function emailText(rendered: RenderedDigest): string {
  const lines = [rendered.header, ''];
  for (const entry of rendered.entries) lines.push(`- ${entryLine(entry)}`, `  ${entry.url}`);
  if (rendered.entries.length > 0) lines.push('');
  if (rendered.more) lines.push(rendered.more);
  lines.push(`${rendered.link.label}: ${rendered.link.url}`, '', '--', rendered.footer);
  return lines.join('\n');
}

export function emailHtml(rendered: RenderedDigest, language: Digest['language']): string {
  const e = escapeHtml;
  const items = rendered.entries
    .map(
      (entry) =>
        `<li><a href="${e(entry.url)}"><strong>${e(entry.secret)} · ${e(entry.version)}</strong></a> ` +
        `${entry.expired ? '<strong>' : ''}${e(entry.relative)}${entry.expired ? '</strong>' : ''}<br>` +
        `${e(entry.account)}; ${e(entry.stages)}; ${e(entry.when)}</li>`,
    )
    .join('\n');
  return [
    `<!doctype html><html lang="${e(language)}"><head><meta charset="utf-8"><title>${e(rendered.subject)}</title></head><body>`,
    `<p>${e(rendered.header)}</p>`,
    items ? `<ul>\n${items}\n</ul>` : '',
    rendered.more ? `<p>${e(rendered.more)}</p>` : '',
    `<p><a href="${e(rendered.link.url)}">${e(rendered.link.label)}</a></p>`,
    `<p style="color:#666;font-size:small">${e(rendered.footer)}</p>`,
    '</body></html>',
  ].join('\n');
}

export async function sendEmail(
  channel: ResolvedChannel,
  digest: Digest,
  ctx: SendContext,
  options: SenderOptions,
): Promise<void> {
  const { smtp_host: rawHost, smtp_port: port, smtp_security: security, from, to } = channel.settings;
  if (!rawHost || !port || !security || !from || !to || to.length === 0) {
    throw new DeliveryFailure(
      'internal_error',
      'The email channel is missing its server or recipients.',
      false,
    );
  }
  const host = rawHost.replace(/^\[(.*)\]$/, '$1');
  await checkHost(host, port, options.allowHosts);
  const rendered = renderDigest(digest, channel.name);
  let socket: net.Socket | undefined;
  let stopped: DeliveryFailure | undefined;
  const stop = (failure: DeliveryFailure) => {
    stopped ??= failure;
    // a plain error: nodemailer rewrites the `code` of the error it is handed
    socket?.destroy(new Error('attempt stopped'));
  };
  const timer = setTimeout(
    () =>
      stop(
        new DeliveryFailure('timeout', `${host}:${port} did not finish within ${options.sendTimeoutMs} ms.`),
      ),
    options.sendTimeoutMs,
  );
  const onAbort = () =>
    stop(new DeliveryFailure('timeout', `The attempt to reach ${host}:${port} was cancelled.`));
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  const user = channel.settings.smtp_user;
  const transport = nodemailer.createTransport({
    host,
    port,
    secure: security === 'tls',
    requireTLS: security === 'starttls',
    auth: user ? { user, pass: channel.secrets.smtp_password ?? '' } : undefined,
    connectionTimeout: options.sendTimeoutMs,
    greetingTimeout: options.sendTimeoutMs,
    socketTimeout: options.sendTimeoutMs,
    tls: { minVersion: 'TLSv1.2', ...options.testTls },
    disableFileAccess: true,
    disableUrlAccess: true,
    logger: false,
    getSocket: (_options, callback) => {
      if (stopped) return callback(new Error('attempt stopped'), undefined);
      const connection = net.connect({ host, port, lookup: guardedLookup(options.allowHosts, port) });
      socket = connection;
      const onError = (error: Error) => callback(error, undefined);
      connection.once('error', onError);
      connection.once('connect', () => {
        connection.off('error', onError);
        callback(null, { connection });
      });
    },
  });
  try {
    if (ctx.signal.aborted) onAbort();
    if (stopped) throw stopped;
    await transport.sendMail({
      from,
      to,
      subject: rendered.subject,
      text: emailText(rendered),
      html: emailHtml(rendered, digest.language),
      messageId: `<${digest.deliveryId}@csms-console>`,
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Console-Delivery': digest.deliveryId },
    });
  } catch (error) {
    throw stopped ?? fromSmtpError(error, `${host}:${port}`, host);
  } finally {
    clearTimeout(timer);
    ctx.signal.removeEventListener('abort', onAbort);
    transport.close();
  }
}

const TLS_CODES = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH|EPROTO$)/;

/** Maps a nodemailer error; the message names the server and the SMTP reply code, never credentials. */
export function fromSmtpError(error: unknown, where: string, host: string): DeliveryFailure {
  if (error instanceof DeliveryFailure) return error;
  const e = (error ?? {}) as {
    code?: string;
    originalCode?: string;
    responseCode?: number;
    command?: string;
  };
  const reply = e.responseCode ? ` (${e.responseCode}${e.command ? ` to ${e.command}` : ''})` : '';
  if (TLS_CODES.test(e.originalCode ?? '') || TLS_CODES.test(e.code ?? '') || e.code === 'ETLS') {
    return new DeliveryFailure('tls_failed', `TLS with ${where} failed${reply}; nothing was sent in clear.`);
  }
  switch (e.code) {
    case 'EAUTH':
    case 'ENOAUTH':
      return new DeliveryFailure(
        'smtp_auth',
        `${where} refused the SMTP user name or password${reply}.`,
        false,
      );
    case 'EENVELOPE':
    case 'EMESSAGE':
      return new DeliveryFailure(
        'smtp_refused',
        `${where} refused the message${reply}.`,
        !(e.responseCode !== undefined && e.responseCode >= 500),
      );
    case 'ETIMEDOUT':
      return new DeliveryFailure('timeout', `${where} did not answer in time.`);
    case 'EDNS':
      return new DeliveryFailure('dns_failed', `${host} does not resolve.`);
    case 'ECONNECTION':
    case 'ESOCKET':
      if (e.responseCode !== undefined && e.responseCode >= 500)
        return new DeliveryFailure('smtp_refused', `${where} refused the session${reply}.`, false);
      return new DeliveryFailure('connect_failed', `The connection to ${where} failed${reply}.`);
  }
  if (e.responseCode !== undefined && e.responseCode >= 400) {
    return new DeliveryFailure('smtp_refused', `${where} refused${reply}.`, e.responseCode < 500);
  }
  return fromSocketError(error, host);
}
