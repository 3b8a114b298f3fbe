/**
 * The audit page's URL is its view: `/audit?account=&secret=&version=&actor=&action=&outcome=&range=7d`
 * (or `from=&to=` in epoch ms for a custom span), `&batch=&entry=`. Values are read as written, never
 * dropped or corrected, so a bad one is named next to its filter (checked here with the BFF's own schema,
 * and by the BFF) while the others stay as they were.
 */
import { AuditEventsQuerySchema } from '@csms-console/api-contract';
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
export const RANGE_LABEL: Record<RangePreset, string> = {
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
};
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

export type FilterErrors = Partial<Record<FilterKey, string>>;

/** "must be epoch milliseconds" -> "Must be epoch milliseconds." */
export const sentence = (message: string) => {
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
};

/** Each filter the BFF would refuse, by its own schema, with the BFF's message; empty when all pass. */
export function checkFilter(query: Record<string, string>): FilterErrors {
  const parsed = AuditEventsQuerySchema.safeParse(query);
  return parsed.success
    ? {}
    : issuesToErrors(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
}

/** `details.issues` of a 400 `invalid_input` (or a local parse), as one message per known filter. */
export function issuesToErrors(issues: readonly { path: string; message: string }[]): FilterErrors {
  const errors: FilterErrors = {};
  for (const issue of issues) {
    const key = FILTER_KEYS.find((k) => k === issue.path);
    if (key && errors[key] === undefined) errors[key] = sentence(issue.message);
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

/** A wall time `YYYY-MM-DD HH:mm[:ss]` (or with a `T`) in `zone` -> epoch ms, or the reason it is not one. */
function parseWall(text: string, zone: string): { ms: number } | { error: string } {
  const [date = '', time = '', ...rest] = text.trim().split(/[\sT]+/);
  if (rest.length > 0 || time === '') {
    return { error: 'Enter a date and time as YYYY-MM-DD HH:mm, for example 2026-12-05 14:30.' };
  }
  const parsed = parseZoned(date, time, zone);
  return parsed.ok ? { ms: parsed.ms } : { error: parsed.message };
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
      errors.from = 'Enter a start, an end, or both (or pick another time range).';
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
    if (from && to && Number(from) >= Number(to)) errors.to = 'Must be later than the start.';
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
