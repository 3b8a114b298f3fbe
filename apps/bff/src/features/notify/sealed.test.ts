import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Secret } from '../../config/secret.js';
import { loadNotifyKey } from './notify-key.js';
import { open, seal } from './sealed.js';
import { DeliveryFailure } from './types.js';

const newKey = () => new Secret(randomBytes(32).toString('base64'));
const CREDS = { url: 'https://hooks.example.com/T000/B000/canary-token', signing_key: 'k'.repeat(32) };

function failureCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DeliveryFailure);
    expect((error as Error).message).not.toContain('canary');
    return (error as DeliveryFailure).code;
  }
  return undefined;
}

describe('sealed channel credentials', () => {
  const key = newKey();

  it('opens what it sealed, and the box holds no plaintext', () => {
    const box = seal(key, 'CH1', CREDS);
    expect(box).toMatch(/^v1\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
    expect(box).not.toContain('canary');
    expect(Buffer.from(box.split('.')[3]!, 'base64url').toString('latin1')).not.toContain('canary');
    expect(open(key, 'CH1', box)).toEqual(CREDS);
  });

  it('seals the same credentials differently each time (random IV)', () => {
    expect(seal(key, 'CH1', CREDS)).not.toBe(seal(key, 'CH1', CREDS));
  });

  it('does not open under another key', () => {
    expect(failureCode(() => open(newKey(), 'CH1', seal(key, 'CH1', CREDS)))).toBe('decrypt_failed');
  });

  it('does not open a tampered box', () => {
    const [v, iv, tag, body] = seal(key, 'CH1', CREDS).split('.') as [string, string, string, string];
    const bytes = Buffer.from(body, 'base64url');
    bytes[0] = bytes[0]! ^ 1;
    const tampered = [v, iv, tag, bytes.toString('base64url')].join('.');
    expect(failureCode(() => open(key, 'CH1', tampered))).toBe('decrypt_failed');
    expect(failureCode(() => open(key, 'CH1', 'v2' + tampered.slice(2)))).toBe('decrypt_failed');
    expect(failureCode(() => open(key, 'CH1', 'garbage'))).toBe('decrypt_failed');
  });

  it('does not open a box moved to another channel', () => {
    expect(failureCode(() => open(key, 'CH2', seal(key, 'CH1', CREDS)))).toBe('decrypt_failed');
  });
});

describe('loadNotifyKey', () => {
  const dir = mkdtempSync(join(tmpdir(), 'notify-key-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const base = { dataDir: dir, databaseUrl: undefined, notify: { key: undefined } } as const;

  it('uses the configured key', () => {
    const key = newKey();
    expect(loadNotifyKey({ ...base, notify: { key } } as never)).toBe(key);
  });

  it('on PGlite creates notify.key (0600) once and reuses it', () => {
    const first = loadNotifyKey(base as never)!;
    const file = join(dir, 'notify.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')).toHaveLength(32);
    expect(loadNotifyKey(base as never)!.reveal()).toBe(first.reveal());
  });

  it('on PostgreSQL invents no key', () => {
    expect(loadNotifyKey({ ...base, databaseUrl: new Secret('postgres://x') } as never)).toBeUndefined();
  });
});
