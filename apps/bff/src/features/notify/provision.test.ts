/**
 * Provisioning rules and channels from NOTIFY_PROVISION_FILE against a real store: credentials from files and
 * variables only, upsert by name with source `file`, removal of what left the file, one audit row per change,
 * and a bad file refused with the entry and field named, never a value, and nothing written.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../config/secret.js';
import { openStores } from '../../store/index.js';
import {
  openTestStores,
  storeBackends,
  STORE_OPEN_TIMEOUT_MS,
  type TestStores,
} from '../../store/testing.js';
import { NotifyConfigService } from './notify-config.service.js';
import { provision, ProvisionError } from './provision.js';

const dir = mkdtempSync(join(tmpdir(), 'notify-provision-'));
const SLACK_URL = `https://93.184.216.34/services/T0/B0/${randomBytes(8).toString('hex')}`;
const SIGNING = `sig-${randomBytes(16).toString('hex')}`;
const SMTP_PASSWORD = `pw-${randomBytes(8).toString('hex')}`;
writeFileSync(join(dir, 'slack-url'), SLACK_URL + '\n');
const env = { HOOK_URL: 'https://93.184.216.34/hook', HOOK_KEY: SIGNING, SMTP_PASSWORD };

let handle: TestStores;
let service: NotifyConfigService;
beforeAll(async () => {
  handle = await openTestStores('pglite');
  service = new NotifyConfigService({
    store: handle.stores.notifyConfig,
    audit: handle.stores.audit,
    key: new Secret(randomBytes(32).toString('base64')),
    allowHosts: [],
    upstream: {
      assertAccount: (a) => {
        if (a !== 'demo') throw new Error('no such account');
      },
    },
    now: () => 1_800_000_000_000,
  });
}, STORE_OPEN_TIMEOUT_MS);
afterAll(async () => {
  await handle.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

function run(content: unknown) {
  const file = join(dir, `provision-${randomBytes(4).toString('hex')}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return provision(service, handle.stores.notifyConfig, {
    file,
    readFile: (p) => readFileSync(p, 'utf8'),
    env,
  });
}

const slack = { name: 'Ops Slack', kind: 'slack', url_file: join(dir, 'slack-url') };
const hook = { name: 'Hook', kind: 'webhook', url_env: 'HOOK_URL', signing_key_env: 'HOOK_KEY' };
const mail = {
  name: 'Mail',
  kind: 'email',
  smtp_host: '93.184.216.34',
  smtp_port: 465,
  smtp_security: 'tls',
  smtp_password_env: 'SMTP_PASSWORD',
  from: 'c@example.com',
  to: ['ops@example.com'],
};
const prodRule = {
  name: 'Prod',
  accounts: ['demo'],
  versions: 'current',
  channels: ['ops slack', 'Mail'],
  language: 'en',
};

async function failure(content: unknown): Promise<string> {
  const before = JSON.stringify([
    await handle.stores.notifyConfig.rules(),
    await handle.stores.notifyConfig.channels(),
  ]);
  const error = await run(content).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProvisionError);
  const message = (error as Error).message;
  for (const value of [SLACK_URL, SIGNING, SMTP_PASSWORD, 'inline-secret-value'])
    expect(message).not.toContain(value);
  expect(
    JSON.stringify([await handle.stores.notifyConfig.rules(), await handle.stores.notifyConfig.channels()]),
  ).toBe(before);
  return message;
}

describe('provisioning', () => {
  it('creates channels and rules from the file, credentials read from files and variables, audited once', async () => {
    const result = await run({ channels: [slack, hook, mail], rules: [prodRule] });
    expect(result.channels.created).toEqual(['Ops Slack', 'Hook', 'Mail']);
    expect(result.rules.created).toEqual(['Prod']);
    const channels = await handle.stores.notifyConfig.channels();
    expect(channels.every((c) => c.source === 'file' && c.updated_by === 'provisioning')).toBe(true);
    const slackRow = channels.find((c) => c.name === 'Ops Slack')!;
    expect((await service.resolveChannel(slackRow.id))?.secrets).toEqual({ url: SLACK_URL });
    const hookRow = channels.find((c) => c.name === 'Hook')!;
    expect((await service.resolveChannel(hookRow.id))?.secrets).toEqual({
      url: env.HOOK_URL,
      signing_key: SIGNING,
    });
    const [r] = await service.rules();
    expect(r).toMatchObject({
      name: 'Prod',
      source: 'file',
      channels: [slackRow.id, channels.find((c) => c.name === 'Mail')!.id],
    });
    const audit = (await handle.stores.audit.list({ action: 'notify.provision' }, { limit: 10 })).entries;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor: { name: 'provisioning' },
      details: { rules: { created: ['Prod'] } },
    });
    expect(JSON.stringify(audit)).not.toContain(SIGNING);
  });

  it('changes nothing (and audits nothing) when run again on the same file', async () => {
    const result = await run({ channels: [slack, hook, mail], rules: [prodRule] });
    expect(result).toEqual({
      channels: { created: [], updated: [], removed: [] },
      rules: { created: [], updated: [], removed: [] },
    });
    expect(
      (await handle.stores.audit.list({ action: 'notify.provision' }, { limit: 10 })).entries,
    ).toHaveLength(1);
  });

  it('updates what changed and removes what left the file', async () => {
    const result = await run({
      channels: [slack, { ...mail, to: ['sec@example.com'] }],
      rules: [{ ...prodRule, lead_days: [3] }],
    });
    expect(result).toEqual({
      channels: { created: [], updated: ['Mail'], removed: ['Hook'] },
      rules: { created: [], updated: ['Prod'], removed: [] },
    });
    expect((await service.rules())[0]?.lead_days).toEqual([3]);
  });

  it('refuses a bad file, naming the entry and the field, writing nothing', async () => {
    expect(await failure('{ not json')).toMatch(/is not JSON$/);
    expect(await failure({ channels: [{ ...slack, url: 'inline-secret-value' }] })).toBe(
      'channels[0] "Ops Slack": url: inline credentials are refused; give url_file or url_env',
    );
    expect(await failure({ channels: [{ ...hook, signing_key_env: 'NOT_SET' }] })).toBe(
      'channels[0] "Hook": signing_key_env: variable NOT_SET is not set',
    );
    expect(await failure({ channels: [{ ...slack, url_file: join(dir, 'missing') }] })).toContain(
      'channels[0] "Ops Slack": url_file: cannot read',
    );
    expect(await failure({ channels: [{ ...mail, smtp_port: 0 }] })).toMatch(
      /^channels\[0\] "Mail": smtp_port: /,
    );
    expect(await failure({ channels: [slack, mail], rules: [{ ...prodRule, channels: ['Nope'] }] })).toBe(
      'rules[0] "Prod": channels.0: names no channel',
    );
    expect(await failure({ channels: [slack, mail], rules: [{ ...prodRule, accounts: ['other'] }] })).toBe(
      'rules[0] "Prod": accounts.0: is not a configured account',
    );
    expect(
      await failure({ channels: [{ ...slack, url_env: 'HOOK_URL', url_file: undefined }, { ...slack }] }),
    ).toContain('name: is given twice');
    expect(await failure({ channels: [{ name: 'Local', kind: 'slack', url_env: 'LOCAL' }] })).toContain(
      'variable LOCAL is not set',
    );
  });

  it('refuses to remove a file channel a console rule still names', async () => {
    const [slackRow] = (await handle.stores.notifyConfig.channels()).filter((c) => c.name === 'Ops Slack');
    await service.createRule(
      { user: { name: 'alice' }, audit: {} },
      {
        name: 'Console rule',
        enabled: true,
        accounts: '*',
        versions: 'all',
        lead_days: [1],
        on_expiry: true,
        channels: [slackRow!.id],
        language: 'en',
        time_zone: 'UTC',
      },
    );
    expect(await failure({ channels: [mail], rules: [{ ...prodRule, channels: ['Mail'] }] })).toBe(
      'channel "Ops Slack" is no longer in the file, but rules name it: "Console rule"',
    );
  });
});

describe.runIf(storeBackends().includes('postgres'))('provisioning on PostgreSQL', () => {
  it('lets two replicas starting together provision one after the other', async () => {
    const pg = await openTestStores('postgres');
    const second = await openStores(pg.options);
    try {
      const file = join(dir, 'replicas.json');
      writeFileSync(file, JSON.stringify({ channels: [slack, mail], rules: [prodRule] }));
      const serviceOn = (stores: typeof second) =>
        new NotifyConfigService({
          store: stores.notifyConfig,
          audit: stores.audit,
          key: new Secret(randomBytes(32).toString('base64')),
          allowHosts: [],
          upstream: { assertAccount: () => undefined },
          now: () => 1_800_000_000_000,
        });
      const sources = { file, readFile: (p: string) => readFileSync(p, 'utf8'), env };
      const results = await Promise.all(
        [pg.stores, second].map((s) => provision(serviceOn(s), s.notifyConfig, sources)),
      );
      expect(results.map((r) => r.channels.created.length).sort()).toEqual([0, 2]);
      expect(await pg.stores.notifyConfig.channels()).toHaveLength(2);
      expect(await pg.stores.notifyConfig.rules()).toHaveLength(1);
    } finally {
      await second.close();
      await pg.cleanup();
    }
  }, 60_000);
});

describe('the sample file in the docs', () => {
  it('docs/notify-provision.example.json provisions as it reads, with its credentials from files and variables', async () => {
    const stores = await openTestStores('pglite');
    try {
      const onDemo = new NotifyConfigService({
        store: stores.stores.notifyConfig,
        audit: stores.stores.audit,
        key: new Secret(randomBytes(32).toString('base64')),
        allowHosts: [],
        upstream: {
          assertAccount: (a) => {
            if (a !== 'demo') throw new Error('no such account');
          },
        },
        now: () => 1_800_000_000_000,
      });
      const mounted: Record<string, string> = {
        '/run/secrets/ops-slack-webhook-url': `${SLACK_URL}\n`,
        '/run/secrets/release-bot-signing-key': `${SIGNING}\n`,
      };
      const sample = new URL('../../../../../docs/notify-provision.example.json', import.meta.url);
      const result = await provision(onDemo, stores.stores.notifyConfig, {
        file: sample.pathname,
        readFile: (p) => mounted[p] ?? readFileSync(p, 'utf8'),
        env: { RELEASE_BOT_URL: 'https://93.184.216.34/release', OPS_SMTP_PASSWORD: SMTP_PASSWORD },
      });
      expect(result.channels.created.sort()).toEqual(['Ops Slack', 'Ops mail', 'Release bot']);
      expect(result.rules.created.sort()).toEqual(['Production, live versions', '发布机器人']);
      const rules = await onDemo.rules();
      expect(rules.map((r) => [r.name, r.source, r.language])).toEqual(
        expect.arrayContaining([
          ['Production, live versions', 'file', 'en'],
          ['发布机器人', 'file', 'zh-CN'],
        ]),
      );
    } finally {
      await stores.cleanup();
    }
  }, 60_000);
});
