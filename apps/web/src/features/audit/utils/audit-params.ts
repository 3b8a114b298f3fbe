/**
 * The audit page's URL is its view: `/audit?account=&secret=&version=&actor=&action=&outcome=&range=7d`
 * (or `from=&to=` in epoch ms for a custom span), `&batch=&entry=`. Values are read as written, never
 * dropped or corrected, so a bad one is named next to its filter (checked here with the BFF's own schema,
 * and by the BFF) while the others stay as they were.
 */
import { AuditEventsQuerySchema } from '@csms-console/api-contract';
import { t, type MessageKey, type MessageValues } from '../../../lib/i18n';
import { DAY_MS, parseZoned, splitZoned } from '../../../lib/time';

export const TEXT_FILTERS = ['account', 'secret', 'version', 'actor', 'batch', 'entry'] as const;
export const FILTER_KEYS = [
  'account',
  'secret',
  'version',
  'actor',
  'action',
  'outcome',
  'from',
  'to',
  'batch',
  'entry',
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export const RANGE_PRESETS = { '24h': DAY_MS, '7d': 7 * DAY_MS, '30d': 30 * DAY_MS } as const;
export type RangePreset = keyof typeof RANGE_PRESETS;
/** "Last 7 days" in the active language. */
export const rangeLabel = (preset: RangePreset) => t(`audit.range.${preset}`);
const isPreset = (raw: string | null): raw is RangePreset =>
  raw !== null && Object.hasOwn(RANGE_PRESETS, raw);

/** What the URL says. `from`/`to` are the raw epoch-ms strings of a custom span (ignored under a preset). */
export interface AuditParams {
  account: string;
  secret: string;
  version: string;
  actor: string;
  action: string;
  outcome: string;
  batch: string;
  entry: string;
  range: RangePreset | null;
  from: string;
  to: string;
}

export function parseAuditParams(search: URLSearchParams): AuditParams {
  const get = (key: string) => search.get(key) ?? '';
  const range = search.get('range');
  return {
    account: get('account'),
    secret: get('secret'),
    version: get('version'),
    actor: get('actor'),
    action: get('action'),
    outcome: get('outcome'),
    batch: get('batch'),
    entry: get('entry'),
    range: isPreset(range) ? range : null,
    from: isPreset(range) ? '' : get('from'),
    to: isPreset(range) ? '' : get('to'),
  };
}

export function auditSearch(params: AuditParams): URLSearchParams {
  const search = new URLSearchParams();
  for (const key of ['account', 'secret', 'version', 'actor', 'action', 'outcome'] as const) {
    if (params[key]) search.set(key, params[key]);
  }
  if (params.range) search.set('range', params.range);
  else {
    if (params.from) search.set('from', params.from);
    if (params.to) search.set('to', params.to);
  }
  if (params.batch) search.set('batch', params.batch);
  if (params.entry) search.set('entry', params.entry);
  return search;
}

/**
 * The BFF query for these params: the filters given, a preset as `from` = now minus its span (whole
 * seconds, so a refetch within the second asks the same), and nothing else (no paging).
 */
export function apiFilter(params: AuditParams, now: number): Record<string, string> {
  const query: Record<string, string> = {};
  for (const key of FILTER_KEYS) {
    if (key === 'from' || key === 'to') continue;
    if (params[key]) query[key] = params[key];
  }
  if (params.range) query.from = String(Math.floor((now - RANGE_PRESETS[params.range]) / 1000) * 1000);
  else {
    if (params.from) query.from = params.from;
    if (params.to) query.to = params.to;
  }
  return query;
}

/**
 * What is wrong with one filter, as a catalogue message; the text is made while rendering (`filterErrorText`),
 * so it follows the active language.
 */
export interface FilterMessage {
  id: MessageKey;
  values?: MessageValues;
}
export type FilterErrors = Partial<Record<FilterKey, FilterMessage>>;

/** The text of a filter's message in the active language. */
export const filterErrorText = (message: FilterMessage) => t(message.id, message.values);

/** "must be epoch milliseconds" -> "Must be epoch milliseconds." */
export const sentence = (message: string) => {
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
};

/** The BFF's messages for the audit filters (api-contract's schema, http/parse-input.ts), by catalogue key. */
const KNOWN_MESSAGES: Record<string, MessageKey> = {
  'must be given once': 'audit.filterError.once',
  'must be epoch milliseconds': 'audit.filterError.epochMs',
  'must be an id from the audit log': 'audit.filterError.auditId',
  'must be later than from': 'audit.filterError.laterThanFrom',
  'is not one of the allowed values': 'audit.filterError.notAllowed',
  'must not contain NUL characters': 'audit.filterError.nul',
};

/**
 * A message of the BFF (or of its schema run here) in the user's words by its key; any other is shown as the
 * BFF wrote it, as a sentence.
 */
export function filterMessage(message: string): FilterMessage {
  const known = Object.hasOwn(KNOWN_MESSAGES, message) ? KNOWN_MESSAGES[message] : undefined;
  if (known) return { id: known };
  return { id: 'audit.filterError.other', values: { message: sentence(message) } };
}

/** Each filter the BFF would refuse, by its own schema, with the BFF's message; empty when all pass. */
export function checkFilter(query: Record<string, string>): FilterErrors {
  const parsed = AuditEventsQuerySchema.safeParse(query);
  return parsed.success
    ? {}
    : issuesToErrors(
        parsed.error.issues.map((i) => ({
          path: i.path.join('.'),
          // As the BFF words it (http/parse-input.ts): zod's own enum message quotes the allowed values.
          message: i.code === 'invalid_value' ? 'is not one of the allowed values' : i.message,
        })),
      );
}

/** `details.issues` of a 400 `invalid_input` (or a local parse), as one message per known filter. */
export function issuesToErrors(issues: readonly { path: string; message: string }[]): FilterErrors {
  const errors: FilterErrors = {};
  for (const issue of issues) {
    const key = FILTER_KEYS.find((k) => k === issue.path);
    if (key && errors[key] === undefined) errors[key] = filterMessage(issue.message);
  }
  return errors;
}

/** The form as typed: texts, selects, and a custom span as wall times in the page's zone. */
export interface FilterForm {
  account: string;
  secret: string;
  version: string;
  actor: string;
  action: string;
  outcome: string;
  batch: string;
  entry: string;
  range: RangePreset | 'custom' | '';
  fromText: string;
  toText: string;
}

/** `2026-12-05 14:30` in `zone`; a value that is not epoch ms is shown as written, so its error makes sense. */
function wallText(raw: string, zone: string): string {
  if (!/^[0-9]{1,13}$/.test(raw)) return raw;
  const { date, time } = splitZoned(Number(raw), zone);
  return `${date} ${time.endsWith(':00') ? time.slice(0, 5) : time}`;
}

export function formFromParams(params: AuditParams, zone: string): FilterForm {
  const custom = params.range === null && (params.from !== '' || params.to !== '');
  return {
    account: params.account,
    secret: params.secret,
    version: params.version,
    actor: params.actor,
    action: params.action,
    outcome: params.outcome,
    batch: params.batch,
    entry: params.entry,
    range: params.range ?? (custom ? 'custom' : ''),
    fromText: wallText(params.from, zone),
    toText: wallText(params.to, zone),
  };
}

/**
 * A wall time `YYYY-MM-DD HH:mm[:ss]` (or with a `T`) in `zone` -> epoch ms, or the reason it is not one:
 * not in that shape, before 1970, or no such date or time of day (parseZoned is strict: no rollover).
 */
function parseWall(text: string, zone: string): { ms: number } | { error: FilterMessage } {
  const [date = '', time = '', ...rest] = text.trim().split(/[\sT]+/);
  if (rest.length > 0 || !/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}(:\d{2})?$/.test(time)) {
    return { error: { id: 'audit.filterError.wallFormat' } };
  }
  const parsed = parseZoned(date, time, zone);
  if (parsed.ok) return { ms: parsed.ms };
  const shown = `${date} ${time}`;
  return Number(date.slice(0, 4)) < 1970
    ? { error: { id: 'audit.filterError.wallTooEarly', values: { text: shown } } }
    : { error: { id: 'audit.filterError.wallNotReal', values: { text: shown } } };
}

/**
 * The params a submitted form asks for, or the filters it gets wrong: a custom span is parsed in `zone` and
 * must run forwards; every value is then checked with the BFF's schema, so nothing it would refuse is sent.
 */
export function paramsFromForm(
  form: FilterForm,
  zone: string,
  now: number,
): { ok: true; params: AuditParams } | { ok: false; errors: FilterErrors } {
  const errors: FilterErrors = {};
  let from = '';
  let to = '';
  if (form.range === 'custom') {
    if (form.fromText.trim() === '' && form.toText.trim() === '') {
      errors.from = { id: 'audit.filterError.startOrEnd' };
    }
    for (const [key, text] of [
      ['from', form.fromText],
      ['to', form.toText],
    ] as const) {
      if (text.trim() === '') continue;
      const parsed = parseWall(text, zone);
      if ('error' in parsed) errors[key] = parsed.error;
      else if (key === 'from') from = String(parsed.ms);
      else to = String(parsed.ms);
    }
    if (from && to && Number(from) >= Number(to)) errors.to = { id: 'audit.filterError.laterThanStart' };
  }
  const params: AuditParams = {
    account: form.account.trim(),
    secret: form.secret.trim(),
    version: form.version.trim(),
    actor: form.actor.trim(),
    action: form.action,
    outcome: form.outcome,
    batch: form.batch.trim().toUpperCase(),
    entry: form.entry.trim().toUpperCase(),
    range: form.range === 'custom' || form.range === '' ? null : form.range,
    from,
    to,
  };
  const schemaErrors = checkFilter(apiFilter(params, now));
  const all = { ...schemaErrors, ...errors };
  return Object.keys(all).length > 0 ? { ok: false, errors: all } : { ok: true, params };
}
