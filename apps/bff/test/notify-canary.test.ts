/**
 * Channel credential canary (issue 14; the sibling of canary.test.ts): unique webhook URLs, signing keys, bot
 * secrets and SMTP passwords go through creates, updates, refusals (bad input, refused addresses, a taken name)
 * and reads at debug log level. Afterwards none appears, raw, base64, hex or URL-encoded, in any response, log
 * line or audit row, nor in clear in the channels table.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testConfig } from '../src/config/config.js';
import { Harness } from './harness.js';
import { encodedForms } from './checks.js';

const canary = (label: string) => `canary-${label}-${randomBytes(10).toString('hex')}`;
const URL_TOKEN = canary('url');
const HOOK_URL = `https://93.184.216.34/hooks/${URL_TOKEN}?access_token=${canary('query')}`;
const SIGNING_KEY = canary('signing');
const BOT_SECRET = canary('bot');
const SMTP_PASSWORD = `${canary('smtp')}+/=`;
const NEW_KEY = canary('rotated');
const REFUSED_URL = `https://10.1.2.3/hooks/${canary('refused')}`;
const CANARIES = [HOOK_URL, URL_TOKEN, SIGNING_KEY, BOT_SECRET, SMTP_PASSWORD, NEW_KEY, REFUSED_URL];

let h: Harness;
beforeAll(async () => {
  h = await Harness.start({
    logLevel: 'debug',
    config: { notify: { ...testConfig().notify, allowHosts: [] } },
  });
  await h.user('alice', 'admin');
}, 60_000);
afterAll(() => h.close());

it('never shows channel credentials anywhere', async () => {
  const cookie = await h.login('alice');
  const post = (body: unknown) => h.request('POST', '/api/notifications/channels', { cookie, body });
  const hook = await post({ kind: 'webhook', name: 'Canary hook', url: HOOK_URL, signing_key: SIGNING_KEY });
  expect(hook.status, hook.text).toBe(201);
  const bot = await post({ kind: 'feishu', name: 'Canary bot', url: HOOK_URL, secret: BOT_SECRET });
  expect(bot.status, bot.text).toBe(201);
  const mail = await post({
    kind: 'email',
    name: 'Canary mail',
    smtp_host: '93.184.216.34',
    smtp_port: 587,
    smtp_security: 'starttls',
    smtp_user: 'console',
    smtp_password: SMTP_PASSWORD,
    from: 'console@example.com',
    to: ['ops@example.com'],
  });
  expect(mail.status, mail.text).toBe(201);
  // Refusals: a refused address, a name taken, a too-short key, an unknown field carrying a credential.
  expect((await post({ kind: 'slack', name: 'Refused', url: REFUSED_URL })).status).toBe(422);
  expect(
    (await post({ kind: 'feishu', name: 'canary hook', url: HOOK_URL, secret: BOT_SECRET })).status,
  ).toBe(422);
  expect(
    (await post({ kind: 'webhook', name: 'Short', url: HOOK_URL, signing_key: SIGNING_KEY.slice(0, 10) }))
      .status,
  ).toBe(400);
  expect((await post({ kind: 'slack', name: 'Extra', url: HOOK_URL, token: SIGNING_KEY })).status).toBe(400);
  const rotated = await h.request('PUT', `/api/notifications/channels/${hook.json.id}`, {
    cookie,
    body: { kind: 'webhook', name: 'Canary hook', signing_key: NEW_KEY },
  });
  expect(rotated.status, rotated.text).toBe(200);
  const kindChange = await h.request('PUT', `/api/notifications/channels/${bot.json.id}`, {
    cookie,
    body: { kind: 'slack', name: 'Canary bot', url: HOOK_URL },
  });
  expect(kindChange.status).toBe(422);
  expect((await h.request('GET', '/api/notifications/channels', { cookie })).status).toBe(200);
  // The sealed values do open: the canaries are really stored.
  expect((await h.app.services.notifyConfig.resolveChannel(hook.json.id))?.secrets.signing_key).toBe(NEW_KEY);

  const audit = JSON.stringify(await h.stores.audit.list({}, { limit: 1000 }));
  const table = JSON.stringify((await h.stores.db.query('SELECT * FROM notify_channels')).rows);
  const places: Array<[string, string]> = [
    ...h.responses.map((r, i): [string, string] => [
      `response ${i}`,
      r.text + JSON.stringify([...r.headers]),
    ]),
    ...h.logs.map((line, i): [string, string] => [`log line ${i}`, line]),
    ['audit log', audit],
  ];
  expect(h.logs.length).toBeGreaterThan(10);
  for (const value of CANARIES) {
    for (const form of encodedForms(value)) {
      for (const [where, text] of places)
        expect(text.includes(form), `${where} holds a form of a canary`).toBe(false);
    }
    expect(table.includes(value), 'the channels table holds a canary in clear').toBe(false);
  }
});
