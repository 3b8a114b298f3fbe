/**
 * `CsmsClient`: typed CSMS operations (paths as docs/csms-api.md §3). Every input is checked before anything is
 * sent (a bad one rejects the returned promise with `CsmsInputError`); every 2xx body is parsed with zod, and
 * comes back with the call's `$metadata` (request id, attempts, status, retry delays) beside its fields.
 * Operations that return secret values are not here (see values.ts).
 */
import { z } from 'zod';
import { CsmsCaller, type CallOptions } from './caller.js';
import { registerCaller } from './caller-registry.js';
import { buildAuthentication, ClientOptionsSchema, type CsmsClientOptions } from './client-options.js';
import type { CreateSecretInput, CreateSecretVersionInput } from './create-inputs.js';
import {
  listSecretsWithQuery,
  specs,
  type ListPageOptions,
  type ListSecretsOptions,
} from './operation-specs.js';
import { paginate, type PaginationSummary } from './pagination.js';
import type {
  Event,
  EventPage,
  NotificationRecordPage,
  Secret,
  SecretPage,
  Stage,
  VersionMetadata,
  VersionPage,
} from './schemas.js';
import type { WithMetadata } from './metadata.js';
import { HttpTransport } from './transport.js';
import { checkInput, EventNameSchema, LimitSchema, parseEndpoint } from './validation.js';

export type { ListPageOptions, ListSecretsOptions } from './operation-specs.js';

export interface AllSecretsOptions extends CallOptions {
  /** Page size, 1-1000; default 50. A shorter page ends the listing. */
  limit?: number;
  eventName?: string;
  /** Page cap; default the client's `maxPages` (20). */
  maxPages?: number;
}

export class CsmsClient {
  readonly #caller: CsmsCaller;
  readonly #maxPages: number;

  constructor(options: CsmsClientOptions) {
    const { transport, credentials, tokenProvider, ...rest } = options;
    const parsed = checkInput('options', ClientOptionsSchema, rest);
    const endpoint = parseEndpoint(parsed.endpoint, 'endpoint');
    const auth = buildAuthentication(credentials, tokenProvider);
    const http = transport instanceof HttpTransport ? transport : new HttpTransport(transport);
    this.#caller = new CsmsCaller(endpoint, parsed.projectId, auth, http);
    this.#maxPages = parsed.maxPages;
    registerCaller(this, this.#caller);
  }

  get projectId(): string {
    return this.#caller.projectId;
  }

  /** The transport, e.g. to `close()` its keep-alive sockets. */
  get transport(): HttpTransport {
    return this.#caller.transport;
  }

  /** One page of secrets (metadata only). */
  async listSecrets(options?: ListSecretsOptions): Promise<WithMetadata<SecretPage>> {
    return this.#caller.call(specs.listSecrets(options));
  }

  /**
   * Every secret, page after page, until an empty page, a missing/empty `next_marker`, a short page, a
   * repeated marker or the page cap. The generator's return value says how many pages and why it stopped.
   * Bad options reject the first `next()`.
   */
  async *allSecrets(options: AllSecretsOptions = {}): AsyncGenerator<Secret, PaginationSummary, undefined> {
    const limit = checkInput('limit', LimitSchema, options.limit ?? 50);
    const maxPages = checkInput(
      'maxPages',
      z.number().int().min(1).max(1000),
      options.maxPages ?? this.#maxPages,
    );
    const { eventName } = options;
    if (eventName !== undefined) checkInput('eventName', EventNameSchema, eventName);
    const fetchPage = async (marker: string | undefined) => {
      const query: Array<[string, string]> = [['limit', String(limit)]];
      if (marker !== undefined) query.push(['marker', marker]);
      if (eventName !== undefined) query.push(['event_name', eventName]);
      const page = await this.#caller.call(listSecretsWithQuery(query, options));
      return { items: page.secrets, nextMarker: page.page_info.next_marker };
    };
    return yield* paginate(fetchPage, { limit, maxPages, key: (secret) => secret.name });
  }

  async showSecret(secretName: string, options?: CallOptions): Promise<WithMetadata<Secret>> {
    return this.#caller.call(specs.showSecret(secretName, options));
  }

  /** One page of version metadata (never values). */
  async listSecretVersions(
    secretName: string,
    options?: ListPageOptions,
  ): Promise<WithMetadata<VersionPage>> {
    return this.#caller.call(specs.listSecretVersions(secretName, options));
  }

  /** Sets a version's `expire_time` (epoch ms; CSMS keeps whole seconds). Retried (PUT is idempotent). */
  async updateVersion(
    secretName: string,
    versionId: string,
    expireTimeMs: number,
    options?: CallOptions,
  ): Promise<WithMetadata<VersionMetadata>> {
    return this.#caller.call(specs.updateVersion(secretName, versionId, expireTimeMs, options));
  }

  async showSecretStage(
    secretName: string,
    stageName: string,
    options?: CallOptions,
  ): Promise<WithMetadata<Stage>> {
    return this.#caller.call(specs.showSecretStage(secretName, stageName, options));
  }

  /** Puts the stage label on `versionId` (CSMS takes it off any other version). */
  async updateSecretStage(
    secretName: string,
    stageName: string,
    versionId: string,
    options?: CallOptions,
  ): Promise<WithMetadata<Stage>> {
    return this.#caller.call(specs.updateSecretStage(secretName, stageName, versionId, options));
  }

  async listSecretEvents(options?: ListPageOptions): Promise<WithMetadata<EventPage>> {
    return this.#caller.call(specs.listSecretEvents(options));
  }

  async showSecretEvent(eventName: string, options?: CallOptions): Promise<WithMetadata<Event>> {
    return this.#caller.call(specs.showSecretEvent(eventName, options));
  }

  /** No paging parameters exist for this call (current SDKs and OAS), though it answers with `page_info`. */
  async listNotificationRecords(options?: CallOptions): Promise<WithMetadata<NotificationRecordPage>> {
    return this.#caller.call(specs.listNotificationRecords(options));
  }

  /** For seeding and tests. POST: never retried. */
  async createSecret(input: CreateSecretInput, options?: CallOptions): Promise<WithMetadata<Secret>> {
    return this.#caller.call(specs.createSecret(input, options));
  }

  /** For seeding and tests. POST: never retried. */
  async createSecretVersion(
    secretName: string,
    input: CreateSecretVersionInput,
    options?: CallOptions,
  ): Promise<WithMetadata<VersionMetadata>> {
    return this.#caller.call(specs.createSecretVersion(secretName, input, options));
  }
}
