/**
 * Reading secrets: one page of metadata (filtered on the BFF when asked), with each secret's expiry from the
 * fleet scan's cache, and one secret with all its versions and a plain answer to "will anyone be notified
 * when a version expires?", by CSMS and by the console's own advance warnings. Metadata only: nothing here can call an operation that returns a value (the
 * client does not even expose one).
 */
import type {
  NotificationRecord,
  NotificationStatus,
  SecretDetail,
  SecretList,
  SecretListQuery,
} from '@csms-console/api-contract';
import type { CsmsClient, Event as CsmsEvent, Secret as CsmsSecret } from '@csms-console/csms-client';
import type { FleetService } from '../fleet/fleet.service.js';
import { together } from '../../upstream/together.js';
import type { Upstream } from '../../upstream/types.js';
import { byVersionNumber, toNotificationRecord, toSecretSummary, toVersion } from '../../mapping/csms.js';
import {
  notifyReason,
  readSubscribedEvent,
  subscribedEventName,
  VERSION_EXPIRED,
  type SubscribedEvent,
} from '../../mapping/notification.js';
import { consoleCoverage } from '../../mapping/console-notification.js';
import type { NotifyHealthStore } from '../../store/notify-health-store.js';
import { withExpiry } from './list-expiry.js';
import { TtlCache } from './ttl-cache.js';

const SCAN_PAGE = 100;
const MAX_PAGES = 20;
const RECORDS_SHOWN = 10;

type Records = Awaited<ReturnType<CsmsClient['listNotificationRecords']>>;
/** The fleet scan's cache, read only: the list never starts a scan and never calls CSMS for expiries. */
export type ExpiryCache = Pick<FleetService, 'cached'>;

export class SecretsService {
  // The notification answer's inputs change rarely (an event's settings, the record history), so each
  // account's are reused for `notificationCacheMs`; the secret and its versions are read on every request.
  readonly #records: TtlCache<Records>;
  readonly #events: TtlCache<CsmsEvent | 'missing'>;

  constructor(
    private readonly upstream: Upstream,
    private readonly now: () => number,
    notificationCacheMs = 0,
    private readonly expiry?: ExpiryCache,
    /** The console's rules and channels; without it (tests of the CSMS side only) no rule covers anything. */
    private readonly notifyHealth?: NotifyHealthStore,
  ) {
    this.#records = new TtlCache(notificationCacheMs, now);
    this.#events = new TtlCache(notificationCacheMs, now);
  }

  /** One page of secrets; the fleet cache is read alongside the CSMS listing, not after it. */
  async list(account: string, query: SecretListQuery, signal: AbortSignal): Promise<SecretList> {
    const [page, cached] = await Promise.all([
      this.#page(account, query, signal),
      this.expiry?.cached(account) ?? null,
    ]);
    return {
      ...page,
      secrets: cached === null ? page.secrets : withExpiry(page.secrets, cached.rows, this.now()),
      expiry_scanned_at: cached?.scannedAt ?? null,
    };
  }

  async #page(account: string, query: SecretListQuery, signal: AbortSignal): Promise<SecretList> {
    const limit = query.limit ?? 50;
    const filtered = query.name !== undefined || query.state !== undefined;
    if (!filtered) {
      const page = await this.upstream.call(
        account,
        'ListSecrets',
        (c, s) => c.listSecrets({ limit, marker: query.marker, signal: s }),
        { signal },
      );
      const next = page.page_info.next_marker;
      const more = page.secrets.length >= limit && next !== undefined && next !== '';
      return {
        secrets: page.secrets.map(toSecretSummary),
        next_marker: more ? next : null,
        truncated: false,
      };
    }
    const needle = query.name?.toLowerCase();
    const matches = (s: CsmsSecret) =>
      (needle === undefined || s.name.toLowerCase().includes(needle)) &&
      (query.state === undefined || s.state === query.state);
    const found: CsmsSecret[] = [];
    let marker = query.marker;
    const seen = new Set<string>();
    for (let pages = 0; pages < MAX_PAGES; pages++) {
      const page = await this.upstream.call(
        account,
        'ListSecrets',
        (c, s) => c.listSecrets({ limit: SCAN_PAGE, marker, signal: s }),
        { signal },
      );
      for (const secret of page.secrets) {
        if (!matches(secret)) continue;
        found.push(secret);
        if (found.length === limit)
          return { secrets: found.map(toSecretSummary), next_marker: secret.name, truncated: false };
      }
      const next = page.page_info.next_marker;
      const last = page.secrets.at(-1)?.name;
      if (page.secrets.length < SCAN_PAGE || !next || !last || seen.has(next)) {
        return { secrets: found.map(toSecretSummary), next_marker: null, truncated: false };
      }
      seen.add(next);
      marker = next;
    }
    return { secrets: found.map(toSecretSummary), next_marker: marker ?? null, truncated: true };
  }

  /**
   * ShowSecret, ListSecretVersions and ListNotificationRecords go out together; ShowSecretEvent follows as
   * soon as ShowSecret names the subscribed event, without waiting for the other two. The records and the
   * event come from the account's cache when CSMS gave them less than `notificationCacheMs` ago. The
   * console's answer is for the SYSCURRENT version (api-contract secrets.ts ConsoleNotificationSchema), from
   * the rules and channels read alongside.
   */
  async detail(account: string, name: string, signal: AbortSignal): Promise<SecretDetail> {
    const health = this.notifyHealth?.read() ?? Promise.resolve({ rules: [], channels: new Map() });
    // Awaited below; a store failure must not be an unhandled rejection while CSMS is still answering.
    health.catch(() => undefined);
    const [secret, versions, records, event] = await together<
      [
        Awaited<ReturnType<CsmsClient['showSecret']>>,
        Awaited<ReturnType<CsmsClient['listSecretVersions']>>,
        Awaited<ReturnType<CsmsClient['listNotificationRecords']>>,
        CsmsEvent | 'missing' | undefined,
      ]
    >(signal, (sig) => {
      const secretCall = this.#value(account, 'ShowSecret', (c, s) => c.showSecret(name, { signal: s }), sig);
      return [
        secretCall,
        this.#value(
          account,
          'ListSecretVersions',
          (c, s) => c.listSecretVersions(name, { limit: 100, signal: s }),
          sig,
        ),
        this.#records.get(account, () =>
          this.#value(
            account,
            'ListNotificationRecords',
            (c, s) => c.listNotificationRecords({ signal: s }),
            sig,
          ),
        ),
        secretCall.then((value) => this.#event(account, subscribedEventName(value), sig)),
      ] as const;
    });
    const all = records.records.filter((r) => r.secret_name === secret.name);
    const mine = all
      .sort((a, b) => (b.create_time ?? 0) - (a.create_time ?? 0))
      .slice(0, RECORDS_SHOWN)
      .map(toNotificationRecord);
    const current = versions.version_metadatas.find((v) => v.version_stages.includes('SYSCURRENT'));
    return {
      secret: toSecretSummary(secret),
      versions: versions.version_metadatas.map(toVersion).sort(byVersionNumber),
      notification: notificationStatus(event, mine, notifyReason(event, all)),
      console_notification: consoleCoverage(await health, account, current?.version_stages ?? []),
      server_time: this.now(),
    };
  }

  async #value<T>(
    account: string,
    operation: string,
    fn: (client: CsmsClient, signal: AbortSignal) => Promise<T>,
    signal: AbortSignal,
  ): Promise<T> {
    return this.upstream.call(account, operation, fn, { signal });
  }

  /** The subscribed event; `missing` when CSMS has no such event, undefined when nothing is subscribed. */
  async #event(
    account: string,
    eventName: string | undefined,
    signal: AbortSignal,
  ): Promise<CsmsEvent | 'missing' | undefined> {
    if (eventName === undefined) return undefined;
    return this.#events.get(JSON.stringify([account, eventName]), () =>
      this.#loadEvent(account, eventName, signal),
    );
  }

  #loadEvent(account: string, eventName: string, signal: AbortSignal): Promise<CsmsEvent | 'missing'> {
    return readSubscribedEvent(() =>
      this.upstream.call(account, 'ShowSecretEvent', (c, s) => c.showSecretEvent(eventName, { signal: s }), {
        signal,
      }),
    );
  }
}

function notificationStatus(
  event: SubscribedEvent,
  records: NotificationRecord[],
  reason: NotificationStatus['reason'],
): NotificationStatus {
  return {
    will_notify: reason === 'ok',
    reason,
    event:
      event === undefined || event === 'missing'
        ? null
        : {
            name: event.name,
            state: event.state ?? null,
            event_types: [...event.event_types],
            includes_version_expired: event.event_types.includes(VERSION_EXPIRED),
            target_type: event.notification?.target_type ?? null,
            target_name: event.notification?.target_name ?? null,
          },
    records,
  };
}
