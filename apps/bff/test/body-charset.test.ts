/**
 * Bodies are UTF-8 only (issue 9, item 5): `application/json` with no charset or `charset=utf-8` (any case,
 * quoted or not) is read; any other charset, and bytes that are not UTF-8 whatever the header says (a UTF-16
 * or UTF-32 body, with or without a BOM, Latin-1, overlong or surrogate sequences), get 415
 * `unsupported_media_type` asking for UTF-8 JSON, and nothing reaches CSMS. Over HTTP with node:http, so
 * the bytes and the header arrive exactly as written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, raw } from './checks.js';
import { Harness, ORIGIN } from './harness.js';

const DAY = 86_400_000;
const V5 = '/api/accounts/demo/secrets/payments-db-password/versions/v5';

let h: Harness;
let admin: string;
let currentV5: number;

beforeAll(async () => {
  h = await Harness.start();
  await h.user('alice', 'admin');
  admin = await h.login('alice');
  currentV5 = await v5Expiry();
}, 60_000);
afterAll(async () => {
  await h.close();
});

async function v5Expiry(): Promise<number> {
  const res = await h.request('GET', '/api/accounts/demo/secrets/payments-db-password', { cookie: admin });
  return (res.json.versions as { id: string; expire_time: number }[]).find((v) => v.id === 'v5')!.expire_time;
}

/**
 * A PUT that would change v5 if read: `expected_expire_time` is current, so an accepted body is a write.
 * The accepted cases use a stale one instead (409 `expire_time_changed`: read, validated, nothing written).
 */
const body = (expected: number, reason = 'rotation für Zahlungen ✓') =>
  JSON.stringify({ expire_time: h.now() + 30 * DAY, expected_expire_time: expected, reason });

const put = (contentType: string, bytes: Buffer) =>
  raw(h.url, 'PUT', V5, { 'x-csrf': '1', origin: ORIGIN, cookie: admin, 'content-type': contentType }, bytes);

const utf16be = (s: string) => Buffer.from(s, 'utf16le').swap16();
const utf32le = (s: string) => {
  const out = Buffer.alloc([...s].length * 4);
  [...s].forEach((c, i) => out.writeUInt32LE(c.codePointAt(0)!, i * 4));
  return out;
};
/** `+` and the non-ASCII letters in UTF-7 (RFC 2152): what a `charset=utf-7` client really sends. */
const utf7 = (s: string) =>
  s.replace(/[^\x20-\x2a\x2c-\x7e]+/g, (run) =>
    run === '+'
      ? '+-'
      : '+' + Buffer.from(run, 'utf16le').swap16().toString('base64').replace(/=+$/, '') + '-',
  );

describe('accepted: UTF-8, declared or not', () => {
  it.each([
    ['no charset', 'application/json'],
    ['charset=utf-8', 'application/json; charset=utf-8'],
    ['charset=UTF-8, no space', 'application/json;charset=UTF-8'],
    ['Charset=Utf-8', 'application/json; Charset=Utf-8'],
    ['charset="utf-8" (quoted)', 'application/json; charset="utf-8"'],
    ['charset="UTF-8" (quoted)', 'APPLICATION/JSON; CHARSET="UTF-8"'],
  ])('%s', async (_label, type) => {
    const updates = h.emulatorCalls('UpdateVersion').length;
    const res = await put(type, Buffer.from(body(1), 'utf8'));
    expectError(res, 409, 'expire_time_changed'); // the body was read and validated
    expect(h.emulatorCalls('UpdateVersion').length).toBe(updates);
  });

  it('a UTF-8 byte order mark before the JSON is UTF-8 too', async () => {
    const res = await put(
      'application/json',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body(1))]),
    );
    expectError(res, 409, 'expire_time_changed');
  });

  it('control: the same PUT with a current expected_expire_time in UTF-8 is a write', async () => {
    const updates = h.emulatorCalls('UpdateVersion').length;
    const res = await put('application/json; charset=utf-8', Buffer.from(body(currentV5), 'utf8'));
    expect(res.status, res.text).toBe(200);
    expect(h.emulatorCalls('UpdateVersion').length).toBe(updates + 1);
    currentV5 = await v5Expiry();
  });
});

describe('refused with 415: any other charset, or bytes that are not UTF-8', () => {
  const cases: [string, string, () => Buffer][] = [
    ['charset=utf-7 (a UTF-7 body)', 'application/json; charset=utf-7', () => Buffer.from(utf7(body(currentV5)), 'ascii')],
    ['charset=utf-7 (plain ASCII JSON)', 'application/json; charset=UTF-7', () => Buffer.from(body(currentV5, 'plain'), 'ascii')],
    ['charset=utf-16le', 'application/json; charset=utf-16le', () => Buffer.from(body(currentV5), 'utf16le')],
    ['charset=utf-16 with a BOM', 'application/json; charset=utf-16', () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(body(currentV5), 'utf16le')])],
    ['charset=utf-16be', 'application/json; charset="UTF-16BE"', () => utf16be(body(currentV5))],
    ['charset=utf-32', 'application/json; charset=utf-32', () => utf32le(body(currentV5))],
    ['charset=latin1', 'application/json; charset=latin1', () => Buffer.from(body(currentV5, 'café'), 'latin1')],
    ['charset=iso-8859-1', 'application/json; charset=iso-8859-1', () => Buffer.from(body(currentV5, 'plain'), 'latin1')],
    ['charset=us-ascii', 'application/json; charset=us-ascii', () => Buffer.from(body(currentV5, 'plain'), 'ascii')],
    ['charset=windows-1252', 'application/json; charset=windows-1252', () => Buffer.from(body(currentV5, 'plain'), 'latin1')],
    ['charset=utf8 (no hyphen)', 'application/json; charset=utf8', () => Buffer.from(body(currentV5), 'utf8')],
    ['charset=utf-7 before a charset=utf-8', 'application/json; charset=utf-7; charset=utf-8', () => Buffer.from(body(currentV5, 'plain'), 'ascii')],
    ['an unknown charset', 'application/json; charset=utf-99', () => Buffer.from(body(currentV5, 'plain'), 'ascii')],
    ['no charset, UTF-16LE with a BOM', 'application/json', () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(body(currentV5), 'utf16le')])],
    ['no charset, UTF-16BE with a BOM', 'application/json', () => Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(body(currentV5))])],
    ['no charset, UTF-16LE without a BOM', 'application/json', () => Buffer.from(body(currentV5, 'plain'), 'utf16le')],
    ['no charset, UTF-16BE without a BOM', 'application/json', () => utf16be(body(currentV5, 'plain'))],
    ['no charset, UTF-32LE', 'application/json', () => utf32le(body(currentV5, 'plain'))],
    ['charset=utf-8, UTF-16LE bytes', 'application/json; charset=utf-8', () => Buffer.from(body(currentV5, 'plain'), 'utf16le')],
    ['no charset, Latin-1 bytes', 'application/json', () => Buffer.from(body(currentV5, 'café'), 'latin1')],
    ['no charset, an overlong UTF-8 sequence', 'application/json', () => overlong(body(currentV5, 'a@b'))],
    ['no charset, a UTF-8-encoded lone surrogate', 'application/json', () => Buffer.concat([Buffer.from(body(currentV5, 'x').slice(0, -3)), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')])],
  ]; // prettier-ignore

  it.each(cases)('%s', async (_label, type, bytes) => {
    const calls = h.emulatorCalls().length;
    const res = await put(type, bytes());
    expectError(res, 415, 'unsupported_media_type');
    expect(res.json.error.message).toMatch(/UTF-8/);
    expect(res.headers['content-security-policy']).toBeDefined();
    expect(h.emulatorCalls().length, 'nothing reaches CSMS').toBe(calls);
  });

  it('a login body in UTF-16 is refused the same way, before any password check', async () => {
    const credentials = JSON.stringify({ username: 'alice', password: 'correct horse battery staple 42' });
    for (const [type, bytes] of [
      ['application/json; charset=utf-16le', Buffer.from(credentials, 'utf16le')],
      ['application/json', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(credentials, 'utf16le')])],
    ] as const) {
      const res = await raw(h.url, 'POST', '/bff/login', { 'x-csrf': '1', origin: ORIGIN, 'content-type': type }, bytes);
      expectError(res, 415, 'unsupported_media_type');
      expect(res.headers['set-cookie']).toBeUndefined();
    }
  }); // prettier-ignore

  it('afterwards v5 is as the control left it: no refused body was written', async () => {
    expect(await v5Expiry()).toBe(currentV5);
  });
});

/** The `@` of `text` replaced by `/` in the overlong two-byte form C0 AF (a classic filter bypass). */
function overlong(text: string): Buffer {
  const [before, after] = text.split('@') as [string, string];
  return Buffer.concat([Buffer.from(before), Buffer.from([0xc0, 0xaf]), Buffer.from(after)]);
}
