/**
 * The notifications page's component-test world: channels, rules and deliveries as the BFF answers them, and
 * a fetch that answers as the BFF does. Every body the page sends is parsed with the contract's input schema
 * (RuleInputSchema, ChannelInputSchema), every answer with the schema of its route, the log's query with
 * DeliveryQuerySchema. Writes answer from `replies`, in order (a test that forgets one fails loudly); a
 * queued promise holds the answer until the test settles it.
 */
import {
  apiPaths,
  ChannelInputSchema,
  ChannelListSchema,
  DeliveryDetailSchema,
  DeliveryListSchema,
  DeliveryQuerySchema,
  ErrorBodySchema,
  NotifyStatusSchema,
  RuleInputSchema,
  RuleListSchema,
  type Channel,
  type Delivery,
  type DeliveryDetail,
  type DeliveryList,
  type ErrorCode,
  type NotifyStatus,
  type Rule,
} from '@csms-console/api-contract';
import { cleanup, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, expect, vi } from 'vitest';
import { NotifyPage } from '../features/notify/components/notify-page';
import { activateLocale, I18nRoot, loadPageMessages } from '../lib/i18n';
import { renderWithProviders } from './render';
import { NOW } from './secret-fixtures';

export const HOOK = '01JCHANHK00000000000000000';
export const FEISHU = '01JCHANFS00000000000000000';
export const RULE = '01JR00000000000000000000AA';
export const FILE_RULE = '01JR00000000000000000000FF';

export const health = (over: Partial<Channel['health']> = {}): Channel['health'] => ({
  last_status: null,
  last_attempt_at: null,
  last_sent_at: null,
  last_error: null,
  failing: false,
  ...over,
});

export const hook: Channel = {
  id: HOOK,
  kind: 'webhook',
  name: 'Ops hook',
  target: 'hooks.example.com',
  secrets_set: ['url', 'signing_key'],
  source: 'console',
  created_at: NOW - 86_400_000,
  updated_at: NOW - 86_400_000,
  updated_by: 'ada',
  health: health({
    last_status: 'failed',
    last_attempt_at: NOW - 60_000,
    last_error: { code: 'dns_failed', message: 'getaddrinfo ENOTFOUND hooks.example.com' },
    failing: true,
  }),
};
export const feishu: Channel = {
  ...hook,
  id: FEISHU,
  kind: 'feishu',
  name: 'Team Feishu',
  target: 'open.feishu.cn',
  secrets_set: ['url'],
  source: 'file',
  health: health(),
};
export const rule: Rule = {
  id: RULE,
  name: 'Prod current',
  enabled: true,
  accounts: '*',
  versions: 'current',
  lead_days: [30, 7, 1],
  on_expiry: true,
  channels: [HOOK, FEISHU],
  language: 'zh-CN',
  time_zone: 'Asia/Shanghai',
  source: 'console',
  created_at: NOW - 86_400_000,
  updated_at: NOW - 86_400_000,
  updated_by: 'ada',
};
export const fileRule: Rule = {
  ...rule,
  id: FILE_RULE,
  name: 'From ops repo',
  source: 'file',
  channels: [FEISHU],
};

export function delivery(over: Partial<Delivery> = {}): Delivery {
  return {
    id: 'd-1',
    kind: 'digest',
    channel_id: HOOK,
    channel_name: 'Ops hook',
    channel_kind: 'webhook',
    language: 'en',
    status: 'sent',
    attempts: 1,
    created_at: NOW - 3_600_000,
    last_attempt_at: NOW - 3_600_000,
    next_attempt_at: null,
    sent_at: NOW - 3_600_000,
    error: null,
    event_count: 4,
    ...over,
  };
}

/** The scheduler's status: a good check 3 minutes ago (2 warnings, 1 digest), every 15 minutes. */
export function schedulerStatus(over: Partial<NotifyStatus> = {}): NotifyStatus {
  return {
    every_minutes: 15,
    last: {
      id: 'E-1',
      started_at: NOW - 3 * 60_000 - 2_000,
      finished_at: NOW - 3 * 60_000,
      events: 2,
      deliveries: 1,
      error: null,
    },
    last_ok_at: NOW - 3 * 60_000 - 2_000,
    next_at: NOW + 15 * 60_000,
    ...over,
  };
}

export interface Reply {
  status: number;
  body?: unknown;
}
export const fail = (status: number, code: ErrorCode, details?: Record<string, unknown>): Reply => ({
  status,
  body: ErrorBodySchema.parse({
    error: { code, message: 'x', requestId: 'req-1', ...(details ? { details } : {}) },
  }),
});

/** The BFF at the fetch boundary; writes answer from `replies` (a test that forgets one fails loudly). */
export function fakeBff(
  opts: {
    rules?: Rule[];
    channels?: Channel[];
    log?: Record<string, DeliveryList>;
    details?: Record<string, DeliveryDetail>;
    /** The scheduler's status, in order (the last one repeats): a test moves it on by pushing. */
    status?: NotifyStatus[];
  } = {},
) {
  const statuses = opts.status ?? [schedulerStatus()];
  const writes: { method: string; path: string; body: unknown }[] = [];
  const logQueries: Record<string, unknown>[] = [];
  const replies: (Reply | Promise<Reply>)[] = [];
  const json = async (held: Reply | Promise<Reply>) => {
    const reply = await held;
    return reply.status === 204
      ? new Response(null, { status: 204 })
      : new Response(JSON.stringify(reply.body), {
          status: reply.status,
          headers: { 'Content-Type': 'application/json' },
        });
  };
  const fetch = vi.fn((input: string, init?: RequestInit) => {
    expect(new Headers(init?.headers).get('X-CSRF')).toBe('1');
    const url = new URL(input, 'http://console.test');
    const method = init?.method ?? 'GET';
    if (method === 'GET') {
      if (url.pathname === apiPaths.notifyRules())
        return json({ status: 200, body: RuleListSchema.parse({ items: opts.rules ?? [rule, fileRule] }) });
      if (url.pathname === apiPaths.notifyChannels())
        return json({
          status: 200,
          body: ChannelListSchema.parse({ items: opts.channels ?? [hook, feishu] }),
        });
      if (url.pathname === apiPaths.notifyStatus()) {
        const next = statuses.length > 1 ? statuses.shift()! : statuses[0]!;
        return json({ status: 200, body: NotifyStatusSchema.parse(next) });
      }
      if (url.pathname === apiPaths.notifyDeliveries()) {
        const query = DeliveryQuerySchema.parse(Object.fromEntries(url.searchParams));
        logQueries.push(query);
        const page = (opts.log ?? { '': { items: [delivery()], next_cursor: null } })[query.cursor ?? ''];
        return json({
          status: 200,
          body: DeliveryListSchema.parse(page ?? { items: [], next_cursor: null }),
        });
      }
      const id = url.pathname.slice(apiPaths.notifyDeliveries().length + 1);
      const detail = opts.details?.[decodeURIComponent(id)];
      if (detail) return json({ status: 200, body: DeliveryDetailSchema.parse(detail) });
      if (id) return json(fail(404, 'not_found'));
      throw new Error(`unexpected GET ${url.pathname}`);
    }
    const raw = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    const body = url.pathname.startsWith(apiPaths.notifyRules())
      ? raw === undefined
        ? undefined
        : RuleInputSchema.parse(raw)
      : url.pathname.endsWith('/test') || raw === undefined
        ? raw
        : ChannelInputSchema.parse(raw);
    writes.push({ method, path: url.pathname, body });
    const reply = replies.shift();
    if (!reply) throw new Error(`no reply queued for ${method} ${url.pathname}`);
    return json(reply);
  });
  vi.stubGlobal('fetch', fetch);
  return { fetch, writes, logQueries, replies, statuses };
}

export function openPage(canWrite: boolean, opts: Parameters<typeof fakeBff>[0] = {}) {
  const bff = fakeBff(opts);
  const page = renderWithProviders(
    <MemoryRouter>
      <I18nRoot>
        <NotifyPage canWrite={canWrite} accounts={['acc', 'prod']} user="u1" />
      </I18nRoot>
    </MemoryRouter>,
  );
  return { ...page, ...bff };
}

export const rulesTable = () => screen.findByRole('table', { name: /rules?$/ });
export const channelsTable = () => screen.findByRole('table', { name: /channels?$/ });
export const dialog = () => screen.getByRole('dialog');

/**
 * The hooks every Notifications page test file needs: the clock at NOW (dates only), no stored language or
 * kept form from the test before (utils/draft.ts), and English again afterwards.
 */
export function registerNotifyPageHooks(): void {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
    localStorage.clear();
    sessionStorage.clear();
  });
  afterEach(async () => {
    cleanup();
    vi.useRealTimers();
    vi.unstubAllGlobals();
    await activateLocale('en');
    await loadPageMessages();
  });
}
