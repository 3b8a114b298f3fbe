import { compileMessageOrThrow, type CompiledMessage } from '@lingui/message-utils/compileMessage';
import { describe, expect, it } from 'vitest';
import { MAX_DIGEST_ENTRIES } from '../types.js';
import { CATALOGUES, formatInstant, renderDigest } from './render.js';
import { CREATED, digest, entry } from './testing.js';

/** The ICU arguments a message uses, with their type ("count:plural", "account"). */
function argumentsOf(message: CompiledMessage, into = new Set<string>()): Set<string> {
  for (const token of message) {
    if (typeof token === 'string') continue;
    const [name, type, format] = token;
    into.add(type ? `${name}:${type}` : name);
    if (format && typeof format === 'object' && !Array.isArray(format)) {
      for (const [key, choice] of Object.entries(format))
        if (key !== 'offset') argumentsOf(choice as CompiledMessage, into);
    }
  }
  return into;
}

describe('server catalogues', () => {
  it('have the same keys and the same ICU arguments in en and zh-CN', () => {
    const en = CATALOGUES.en;
    const zh = CATALOGUES['zh-CN'];
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      const a = [...argumentsOf(compileMessageOrThrow(en[key]))].sort();
      const b = [...argumentsOf(compileMessageOrThrow(zh[key]))].sort();
      expect({ key, args: b }).toEqual({ key, args: a });
    }
  });
});

describe('renderDigest', () => {
  it('writes entries in English with the date in the rule time zone and plural days', () => {
    const r = renderDigest(
      digest({
        entries: [
          entry(1),
          entry(2, { leadDays: 1, expireTime: CREATED + 20 * 3_600_000 }),
          entry(3, { leadDays: 0 }),
          // A late warning: the 7-day one, sent with 3 days left (the rule came later), says 3 days.
          entry(4, { leadDays: 7, expireTime: CREATED + 3 * 86_400_000 }),
        ],
      }),
      'ops',
    );
    expect(r.subject).toBe('CSMS expiry warning: 4 secret versions need attention');
    expect(r.entries.map((e) => e.relative)).toEqual([
      'expires in 7 days',
      'expires in 20 hours',
      'expired',
      'expires in 3 days',
    ]);
    expect(r.entries[0]!.when).toBe('expires at 2026-12-13 08:00 GMT+8');
    expect(r.entries[0]!.stages).toBe('stages SYSCURRENT');
    expect(r.more).toBeNull();
  });

  it('writes entries in Chinese', () => {
    const r = renderDigest(digest({ language: 'zh-CN' }), 'ops');
    expect(r.subject).toBe('CSMS 过期预警：2 个凭据版本需要处理');
    expect(r.entries[0]!.relative).toBe('7 天后过期');
    expect(r.entries[1]!.relative).toBe('已过期');
    expect(r.entries[0]!.when).toBe('过期时间 2026年12月13日 08:00（GMT+8）');
    expect(r.entries[0]!.account).toBe('账号 prod');
  });

  it('lists at most MAX_DIGEST_ENTRIES and counts the rest with the board link', () => {
    const entries = Array.from({ length: MAX_DIGEST_ENTRIES + 5 }, (_, i) => entry(i));
    const r = renderDigest(digest({ entries, total: MAX_DIGEST_ENTRIES + 12 }), 'ops');
    expect(r.entries).toHaveLength(MAX_DIGEST_ENTRIES);
    expect(r.more).toBe('…and 12 more versions on the fleet board.');
    expect(r.link.url).toBe('https://console.example/fleet?expiring=30');
  });

  it('says a test is a test, naming the channel', () => {
    const en = renderDigest(digest({ kind: 'test', entries: [], total: 0 }), 'ops-room');
    expect(en.header).toContain('test message from the CSMS Version Console');
    expect(en.header).toContain('ops-room');
    const zh = renderDigest(digest({ kind: 'test', entries: [], total: 0, language: 'zh-CN' }), 'ops-room');
    expect(zh.subject).toBe('CSMS 控制台：测试消息');
  });

  it('formats instants in other zones', () => {
    expect(formatInstant(Date.UTC(2026, 0, 1, 12, 30), 'en', 'UTC')).toMatch(/^2026-01-01 12:30 GMT(\+0)?$/);
    expect(formatInstant(Date.UTC(2026, 0, 1, 12, 30), 'en', 'America/New_York')).toBe(
      '2026-01-01 07:30 GMT-5',
    );
  });
});
