import { describe, expect, it } from 'vitest';
import { SECRET_STATES } from '../store/model.js';
import { DAY } from './build.js';
import { createSeed, EXPIRY_EVENT } from './index.js';

const now = Date.UTC(2026, 10, 23, 9, 30, 15, 123);
const projectId = '0123456789abcdef0123456789abcdef';

describe('demo seed', () => {
  const project = createSeed('demo', { now, projectId });
  const secrets = Object.values(project.secrets);
  const versions = secrets.flatMap((s) => s.versions);

  it('is a realistic project: 60+ secrets in all four states, 1 to 20 versions each', () => {
    expect(secrets.length).toBeGreaterThanOrEqual(60);
    for (const state of SECRET_STATES) expect(secrets.some((s) => s.state === state)).toBe(true);
    for (const s of secrets) {
      expect(s.versions.length).toBeGreaterThanOrEqual(1);
      expect(s.versions.length).toBeLessThanOrEqual(20);
      expect(s.name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    }
    expect(secrets.some((s) => s.versions.length === 20)).toBe(true);
    expect(new Set(secrets.map((s) => s.secret_type))).toEqual(new Set(['COMMON', 'RDS-FG', 'GaussDB-FG']));
  });

  it('places each stage on exactly one existing version, at most 12 per secret, with custom ones', () => {
    for (const s of secrets) {
      const ids = new Set(s.versions.map((v) => v.id));
      expect(Object.keys(s.stages).length).toBeLessThanOrEqual(12);
      for (const stage of Object.values(s.stages)) expect(ids.has(stage.version_id)).toBe(true);
      expect(s.stages.SYSCURRENT?.version_id).toBe(s.versions.at(-1)!.id);
      expect(s.next_version).toBe(s.versions.length + 1);
    }
    expect(secrets.some((s) => Object.keys(s.stages).length === 12)).toBe(true);
    const custom = secrets.flatMap((s) => Object.keys(s.stages)).filter((n) => !n.startsWith('SYS'));
    expect(custom.length).toBeGreaterThan(5);
  });

  it('covers every expiry bucket at second precision', () => {
    const expiries = versions.map((v) => v.expire_time);
    const bucket = (lo: number, hi: number) =>
      expiries.some((e) => e !== null && e > now + lo && e <= now + hi);
    expect(expiries.some((e) => e !== null && e <= now)).toBe(true);
    expect(bucket(0, 7 * DAY)).toBe(true);
    expect(bucket(7 * DAY, 30 * DAY)).toBe(true);
    expect(bucket(30 * DAY, 90 * DAY)).toBe(true);
    expect(bucket(90 * DAY, 10_000 * DAY)).toBe(true);
    expect(expiries.includes(null)).toBe(true);
    for (const v of versions)
      if (v.expire_time !== null) expect(v.expire_time).toBeGreaterThan(v.create_time);
    for (const t of [...expiries, ...versions.map((v) => v.create_time)])
      if (t !== null) expect(t % 1000).toBe(0);
  });

  it('subscribes secrets to an enabled expiry event and records past expiries once', () => {
    const event = project.events[EXPIRY_EVENT]!;
    expect(event.state).toBe('ENABLED');
    expect(event.event_types).toContain('SECRET_VERSION_EXPIRED');
    expect(secrets.filter((s) => s.event_subscriptions[0] === EXPIRY_EVENT).length).toBeGreaterThan(0);
    expect(project.records.length).toBeGreaterThan(0);
    for (const r of project.records) {
      expect(r.create_time).toBeLessThanOrEqual(now);
      const content = JSON.parse(r.notification_content) as { data: { versionExpireTime: string } };
      expect(Date.parse(content.data.versionExpireTime)).toBe(r.create_time);
    }
    for (const v of versions)
      if (v.expire_time !== null && v.expire_time <= now) expect(v.expiry_notified_for).toBe(v.expire_time);
  });

  it('is deterministic for the same clock and project', () => {
    expect(createSeed('demo', { now, projectId })).toEqual(project);
  });
});

describe('seed specs', () => {
  it('builds scale:N and empty, and refuses anything else', () => {
    expect(Object.keys(createSeed('scale:250', { now, projectId }).secrets)).toHaveLength(250);
    expect(createSeed('empty', { now, projectId })).toEqual({ secrets: {}, events: {}, records: [] });
    for (const bad of ['scale:0', 'scale:-1', 'scale:1000001', 'scale:', 'demo2', ''])
      expect(() => createSeed(bad, { now, projectId })).toThrow(/unknown seed/);
  });
});
