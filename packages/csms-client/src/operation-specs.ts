/**
 * One pure function per CSMS operation: checks the inputs (throwing `CsmsInputError`) and returns the call
 * spec — method, path segments under `/v1/{project_id}` (docs/csms-api.md §3), query, body and response schema.
 */
import { z } from 'zod';
import type { CallOptions, CallSpec } from './caller.js';
import {
  CreateSecretInputSchema,
  CreateSecretVersionInputSchema,
  toCreateSecretBody,
  toCreateSecretVersionBody,
} from './create-inputs.js';
import {
  EventPageSchema,
  EventSchema,
  NotificationRecordPageSchema,
  SecretPageSchema,
  SecretSchema,
  StageSchema,
  VersionMetadataSchema,
  VersionPageSchema,
} from './schemas.js';
import {
  checkInput,
  EventMarkerSchema,
  EventNameSchema,
  ExpireTimeSchema,
  LimitSchema,
  SecretNameSchema,
  StageNameSchema,
  VersionIdSchema,
  VersionMarkerSchema,
} from './validation.js';

export interface ListPageOptions extends CallOptions {
  /** 1-1000; CSMS's default is 50. */
  limit?: number;
  /** Where to start: the previous page's `next_marker`. */
  marker?: string;
}

export interface ListSecretsOptions extends ListPageOptions {
  /** Only secrets subscribed to this event. */
  eventName?: string;
}

const unwrap = <S extends z.ZodType>(key: string, schema: S) =>
  z.object({ [key]: schema }).transform((o) => o[key] as z.output<S>);
const SecretEnvelope = unwrap('secret', SecretSchema);
const VersionEnvelope = unwrap('version_metadata', VersionMetadataSchema);
const StageEnvelope = unwrap('stage', StageSchema);
const EventEnvelope = unwrap('event', EventSchema);

type Query = Array<[string, string]>;

function pageQuery(options: ListPageOptions, markerSchema: z.ZodType<string>): Query {
  const query: Query = [];
  if (options.limit !== undefined)
    query.push(['limit', String(checkInput('limit', LimitSchema, options.limit))]);
  if (options.marker !== undefined)
    query.push(['marker', checkInput('marker', markerSchema, options.marker)]);
  return query;
}

const secret = (name: unknown) => checkInput('secretName', SecretNameSchema, name);
const stage = (name: unknown) => checkInput('stageName', StageNameSchema, name);
const version = (id: unknown) => checkInput('versionId', VersionIdSchema, id);

/** ListSecrets with a query built elsewhere (the iterator passes server markers back unchanged). */
export function listSecretsWithQuery(query: Query, options: CallOptions = {}) {
  return {
    operation: 'ListSecrets',
    method: 'GET',
    segments: ['secrets'],
    query,
    schema: SecretPageSchema,
    options,
  } as const;
}

export const specs = {
  listSecrets(options: ListSecretsOptions = {}) {
    const query = pageQuery(options, SecretNameSchema);
    if (options.eventName !== undefined) {
      query.push(['event_name', checkInput('eventName', EventNameSchema, options.eventName)]);
    }
    return listSecretsWithQuery(query, options);
  },
  showSecret(secretName: string, options?: CallOptions) {
    return {
      operation: 'ShowSecret',
      method: 'GET',
      segments: ['secrets', secret(secretName)],
      schema: SecretEnvelope,
      options,
    } as const;
  },
  listSecretVersions(secretName: string, options: ListPageOptions = {}) {
    const segments = ['secrets', secret(secretName), 'versions'];
    const query = pageQuery(options, VersionMarkerSchema);
    return {
      operation: 'ListSecretVersions',
      method: 'GET',
      segments,
      query,
      schema: VersionPageSchema,
      options,
    } as const;
  },
  updateVersion(secretName: string, versionId: string, expireTimeMs: number, options?: CallOptions) {
    const segments = ['secrets', secret(secretName), 'versions', version(versionId)];
    const body = { expire_time: checkInput('expireTimeMs', ExpireTimeSchema, expireTimeMs) };
    return {
      operation: 'UpdateVersion',
      method: 'PUT',
      segments,
      body,
      schema: VersionEnvelope,
      options,
    } as const;
  },
  showSecretStage(secretName: string, stageName: string, options?: CallOptions) {
    const segments = ['secrets', secret(secretName), 'stages', stage(stageName)];
    return { operation: 'ShowSecretStage', method: 'GET', segments, schema: StageEnvelope, options } as const;
  },
  updateSecretStage(secretName: string, stageName: string, versionId: string, options?: CallOptions) {
    const segments = ['secrets', secret(secretName), 'stages', stage(stageName)];
    const body = { version_id: version(versionId) };
    return {
      operation: 'UpdateSecretStage',
      method: 'PUT',
      segments,
      body,
      schema: StageEnvelope,
      options,
    } as const;
  },
  listSecretEvents(options: ListPageOptions = {}) {
    const query = pageQuery(options, EventMarkerSchema);
    return {
      operation: 'ListSecretEvents',
      method: 'GET',
      segments: ['csms', 'events'],
      query,
      schema: EventPageSchema,
      options,
    } as const;
  },
  showSecretEvent(eventName: string, options?: CallOptions) {
    const segments = ['csms', 'events', checkInput('eventName', EventNameSchema, eventName)];
    return { operation: 'ShowSecretEvent', method: 'GET', segments, schema: EventEnvelope, options } as const;
  },
  listNotificationRecords(options?: CallOptions) {
    const segments = ['csms', 'notification-records'];
    return {
      operation: 'ListNotificationRecords',
      method: 'GET',
      segments,
      schema: NotificationRecordPageSchema,
      options,
    } as const;
  },
  createSecret(input: unknown, options?: CallOptions) {
    const body = toCreateSecretBody(checkInput('input', CreateSecretInputSchema, input));
    return {
      operation: 'CreateSecret',
      method: 'POST',
      segments: ['secrets'],
      body,
      schema: SecretEnvelope,
      options,
    } as const;
  },
  createSecretVersion(secretName: string, input: unknown, options?: CallOptions) {
    const segments = ['secrets', secret(secretName), 'versions'];
    const body = toCreateSecretVersionBody(checkInput('input', CreateSecretVersionInputSchema, input));
    return {
      operation: 'CreateSecretVersion',
      method: 'POST',
      segments,
      body,
      schema: VersionEnvelope,
      options,
    } as const;
  },
} satisfies Record<string, (...args: never[]) => CallSpec<z.ZodType>>;
