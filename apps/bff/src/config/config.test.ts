/** Config: read once, validated, failing with the names of what is wrong and never a value (docs/security.md K1). */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadConfig, scrubEnv } from './config.js';

const PROJECT = '0123456789abcdef0123456789abcdef';
const SK = 'sk-canary-7f3e9a';

describe('loadConfig', () => {
  it('with nothing configured, runs demo mode on the documented defaults', () => {
    const result = loadConfig({ env: {} });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.accounts).toEqual([]);
    expect(result.config.session).toEqual({ idleMs: 30 * 60_000, absoluteMs: 12 * 3600_000, maxPerUser: 5 });
    expect(result.config.policy).toEqual({
      minLeadMs: 5 * 60_000,
      adminMaxHorizonMs: 1095 * 86_400_000,
      supportWindowMs: 7 * 86_400_000,
      supportMaxHorizonMs: 90 * 86_400_000,
      reasonRequired: true,
    });
    expect(result.config.limits).toEqual({
      readsPerMin: 1200,
      writesPerMin: 30,
      batchItemsPerMin: 1000,
      anonPerMin: 600,
    });
    expect(result.config.login).toEqual({
      pairFailures: 5,
      ipFailuresPerDay: 100,
      accountFailuresPerHour: 100,
    });
    expect(result.config.upstream.concurrency).toBe(4);
    expect(result.config.upstream.scanConcurrency).toBe(8);
  });

  it('reads AK/SK accounts, secrets from *_FILE, and hides them from every serialisation', () => {
    const result = loadConfig({
      env: {
        CSMS_ACCOUNTS: 'prod,eu-staging',
        CSMS_PROD_REGION: 'cn-north-4',
        CSMS_PROD_PROJECT_ID: PROJECT,
        CSMS_PROD_AK: 'AKPROD',
        CSMS_PROD_SK_FILE: '/run/secrets/sk',
        CSMS_EU_STAGING_REGION: 'eu-west-101',
        CSMS_EU_STAGING_PROJECT_ID: PROJECT,
        CSMS_EU_STAGING_IAM_USER: 'console-bot',
        CSMS_EU_STAGING_IAM_PASSWORD: 'pw-canary',
        CSMS_EU_STAGING_IAM_DOMAIN: 'acme',
      },
      readFile: (path) => (path === '/run/secrets/sk' ? `${SK}\n` : ''),
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [prod, staging] = result.config.accounts;
    expect(prod).toMatchObject({ name: 'prod', endpoint: 'https://kms.cn-north-4.myhuaweicloud.com' });
    expect(prod!.auth.kind === 'aksk' && prod!.auth.secretKey.reveal()).toBe(SK);
    expect(staging!.auth).toMatchObject({
      kind: 'iam',
      user: 'console-bot',
      iamEndpoint: 'https://iam.eu-west-101.myhuaweicloud.com',
    });
    const dumped =
      JSON.stringify(result.config) +
      inspect(result.config, { depth: 10 }) +
      String(prod!.auth.kind === 'aksk' && prod!.auth.secretKey);
    expect(dumped).not.toContain(SK);
    expect(dumped).not.toContain('pw-canary');
  });

  it('lists every problem by variable name, never by value', () => {
    const result = loadConfig({
      env: {
        BFF_PORT: 'eighty',
        CSMS_ACCOUNTS: 'prod,Bad Name',
        CSMS_PROD_PROJECT_ID: 'short',
        CSMS_PROD_SK: SK,
        SESSION_IDLE_MINUTES: '0',
      },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const text = result.problems.join('\n');
    for (const name of [
      'BFF_PORT',
      'CSMS_ACCOUNTS',
      'CSMS_PROD_REGION',
      'CSMS_PROD_PROJECT_ID',
      'CSMS_PROD_AK',
      'SESSION_IDLE_MINUTES',
    ]) {
      expect(text).toContain(name);
    }
    expect(text).not.toContain(SK);
  });

  it('reads one minimum lead for every role, under its old admin-only name too, never both', () => {
    const lead = (env: Record<string, string>) => {
      const result = loadConfig({ env });
      return result.ok ? result.config.policy.minLeadMs : result.problems;
    };
    expect(lead({ POLICY_MIN_LEAD_MINUTES: '10' })).toBe(10 * 60_000);
    expect(lead({ POLICY_ADMIN_MIN_LEAD_MINUTES: '7' })).toBe(7 * 60_000);
    expect(lead({ POLICY_MIN_LEAD_MINUTES: '0' })).toBe(0);
    expect(lead({ POLICY_MIN_LEAD_MINUTES: '10', POLICY_ADMIN_MIN_LEAD_MINUTES: '10' })).toEqual([
      expect.stringMatching(/^POLICY_ADMIN_MIN_LEAD_MINUTES: deprecated name of POLICY_MIN_LEAD_MINUTES/),
    ]);
    expect(lead({ POLICY_MIN_LEAD_MINUTES: '1441' })).toEqual([
      expect.stringMatching(/^POLICY_MIN_LEAD_MINUTES: /),
    ]);
  });

  it('runs the reconciler every minute unless RECONCILE_INTERVAL_MS says otherwise (100 ms to 1 h)', () => {
    const interval = (value?: string) => {
      const result = loadConfig({ env: value === undefined ? {} : { RECONCILE_INTERVAL_MS: value } });
      return result.ok ? result.config.reconcileIntervalMs : result.problems.join('\n');
    };
    expect(interval()).toBe(60_000);
    expect(interval('250')).toBe(250);
    expect(interval('99')).toContain('RECONCILE_INTERVAL_MS');
    expect(interval('3600001')).toContain('RECONCILE_INTERVAL_MS');
  });

  it('evaluates advance warnings every 15 minutes, or at an interval that divides an hour or a day', () => {
    const every = (value?: string) => {
      const result = loadConfig({ env: value === undefined ? {} : { NOTIFY_EVALUATE_MINUTES: value } });
      return result.ok ? result.config.notify.evaluateEveryMinutes : result.problems.join('\n');
    };
    expect(every()).toBe(15);
    expect(every('5')).toBe(5);
    expect(every('360')).toBe(360);
    expect(every('1440')).toBe(1440);
    // A cron of every 25 minutes fires at :00, :25, :50, then :00 again: uneven, so refused with the choices.
    expect(every('25')).toContain('NOTIFY_EVALUATE_MINUTES: must divide an hour or a day evenly');
    expect(every('90')).toContain('NOTIFY_EVALUATE_MINUTES');
    expect(every('0')).toContain('NOTIFY_EVALUATE_MINUTES');
  });

  it('takes an idle timeout in seconds only under NODE_ENV=test, never with the minutes too', () => {
    const idle = (env: Record<string, string>) => {
      const result = loadConfig({ env });
      return result.ok ? result.config.session.idleMs : result.problems;
    };
    expect(idle({ NODE_ENV: 'test', SESSION_IDLE_SECONDS: '20' })).toBe(20_000);
    expect(idle({ NODE_ENV: 'test' })).toBe(30 * 60_000);
    expect(idle({ NODE_ENV: 'production', SESSION_IDLE_MINUTES: '1' })).toBe(60_000);
    for (const NODE_ENV of ['production', 'development']) {
      expect(idle({ NODE_ENV, SESSION_IDLE_SECONDS: '20' })).toEqual([
        'SESSION_IDLE_SECONDS: only for tests (NODE_ENV=test); a deployment sets SESSION_IDLE_MINUTES',
      ]);
    }
    // NODE_ENV absent means development: refused too.
    expect(idle({ SESSION_IDLE_SECONDS: '20' })).toEqual([
      expect.stringMatching(/^SESSION_IDLE_SECONDS: only for tests/),
    ]);
    expect(idle({ NODE_ENV: 'test', SESSION_IDLE_SECONDS: '20', SESSION_IDLE_MINUTES: '1' })).toEqual([
      expect.stringMatching(/^SESSION_IDLE_SECONDS: give either/),
    ]);
    expect(idle({ NODE_ENV: 'test', SESSION_IDLE_SECONDS: '4' })).toEqual([
      expect.stringMatching(/^SESSION_IDLE_SECONDS: must be an integer 5-3600/),
    ]);
  });

  it('refuses to start in production with DEBUG or NODE_DEBUG set', () => {
    for (const key of ['DEBUG', 'NODE_DEBUG']) {
      const result = loadConfig({ env: { NODE_ENV: 'production', [key]: 'axios' } });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problems.join()).toContain(key);
    }
    expect(loadConfig({ env: { NODE_ENV: 'development', DEBUG: '*' } }).ok).toBe(true);
  });

  it('scrubs credential variables from the environment after reading', () => {
    const env: Record<string, string | undefined> = {
      CSMS_PROD_SK: SK,
      CSMS_PROD_AK: 'AK',
      CSMS_PROD_REGION: 'r',
      DATABASE_URL: 'postgres://u:p@h/d',
    };
    scrubEnv(env);
    expect(env).toEqual({ CSMS_PROD_REGION: 'r' });
  });
});
