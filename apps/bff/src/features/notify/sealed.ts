/**
 * Channel credentials at rest (issue 14): one AES-256-GCM box per channel, `v1.<iv>.<tag>.<ciphertext>` in
 * base64url, a random 12-byte IV per seal and the channel's id as additional data, so a box copied onto another
 * row does not open. A box that does not open (another key, a changed byte, another row) is reported as
 * `decrypt_failed` and nothing else: no detail of the box, the key or the cause reaches a message or a log.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Secret } from '../../config/secret.js';
import { DeliveryFailure } from './types.js';

/** Credential fields by name; null = cleared (not set). */
export type ChannelSecrets = Record<string, string | null>;

const VERSION = 'v1';

/** The 32 raw bytes of NOTIFY_KEY (config.ts holds it as base64). */
export function keyBytes(key: Secret): Buffer {
  const bytes = Buffer.from(key.reveal(), 'base64');
  if (bytes.length !== 32) throw new Error('the notify key must be 32 bytes');
  return bytes;
}

export function seal(key: Secret, channelId: string, secrets: ChannelSecrets): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyBytes(key), iv);
  cipher.setAAD(Buffer.from(channelId, 'utf8'));
  const body = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()]);
  const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url'));
  return [VERSION, ...parts].join('.');
}

/** Opens a box sealed for `channelId`; throws DeliveryFailure('decrypt_failed') when it does not open. */
export function open(key: Secret, channelId: string, box: string): ChannelSecrets {
  try {
    const [version, iv, tag, body, extra] = box.split('.');
    if (
      version !== VERSION ||
      iv === undefined ||
      tag === undefined ||
      body === undefined ||
      extra !== undefined
    )
      throw new Error('not a v1 box');
    const decipher = createDecipheriv('aes-256-gcm', keyBytes(key), Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(channelId, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const text = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
    const parsed: unknown = JSON.parse(text.toString('utf8'));
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new Error('not an object');
    return parsed as ChannelSecrets;
  } catch {
    throw new DeliveryFailure(
      'decrypt_failed',
      "The channel's stored credentials cannot be read with the configured NOTIFY_KEY (was the key changed?). Enter them again.",
      false,
    );
  }
}
