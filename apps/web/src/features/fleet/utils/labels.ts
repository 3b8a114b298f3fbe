import {
  ErrorCodeSchema,
  type ConsoleNotify,
  type ExpiryBucket,
  type FleetNotify,
  type SecretState,
} from '@csms-console/api-contract';
import { activeLocale, t } from '../../../lib/i18n';
import type { StageKind } from './severity';

/** How the board names each bucket (api-contract's fleet.ts defines them), in the active language. */
export function bucketLabel(bucket: ExpiryBucket): string {
  return t(`fleet.bucket.${bucket}`);
}

/**
 * The "CSMS notifies" column: Yes, or No with the link that is missing (the same reasons as a secret page's
 * notification answer, features/versions/utils/notification.ts), or Unknown when the scan could not read
 * the secret's event. Said in words, so a screen reader reads the whole answer.
 */
export function notifyLabel(notify: FleetNotify): string {
  return t(`fleet.notify.${notify}`);
}

export function secretStateLabel(state: SecretState): string {
  return t(`fleet.secretState.${state}`);
}

/** A stage kind as the stage filter names it (SYSCURRENT, other labels only, no label). */
export function stageKindLabel(kind: StageKind): string {
  return t(`fleet.stageKind.${kind}`);
}

/** Ascending order of the column: every No first (by reason), then Unknown, then Yes. */
export const NOTIFY_ORDER: readonly FleetNotify[] = [
  'not_subscribed',
  'event_missing',
  'event_disabled',
  'event_type_missing',
  'records_failing',
  'unknown',
  'ok',
];

/**
 * The "Console warns" column: will the console's own advance warnings reach anyone (a rule covers the
 * version and one of its channels is not failing)? In words, like the CSMS column.
 */
export function consoleLabel(notify: ConsoleNotify): string {
  return t(`fleet.console.${notify}`);
}

/** Ascending order of the console column: no rule, then channels failing, then Yes. */
export const CONSOLE_ORDER: readonly ConsoleNotify[] = ['no_rule', 'channel_failing', 'ok'];

/** The board's notify filter: `yes` keeps versions CSMS will notify about, `no` those it will not. */
export const NOTIFY_FILTERS = ['yes', 'no'] as const;
export type NotifyFilter = (typeof NOTIFY_FILTERS)[number];

export function notifyFilterLabel(filter: NotifyFilter): string {
  return t(`fleet.notifyFilter.${filter}`);
}

/** Whether `notify` passes the filter; an unknown answer is neither yes nor no. */
export function notifyMatches(notify: FleetNotify, filter: NotifyFilter): boolean {
  if (notify === 'unknown') return false;
  return (notify === 'ok') === (filter === 'yes');
}

/**
 * Why a secret or a batch item failed, in the user's language: the catalogue's message for one of the BFF's
 * error codes (the BFF's own `message` stays English, for logs); any other code (a CSMS code such as
 * `CSMS.0204`, `not_applied`) keeps the BFF's message, which is the only account of it there is.
 */
export function failureText({ code, message }: { code?: string; message?: string }): string | undefined {
  const known = ErrorCodeSchema.safeParse(code);
  return known.success ? t(`errors.${known.data}`) : (message ?? code);
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** `1,103` in English, as the active language writes a count. */
export function formatCount(n: number, locale: string = activeLocale()): string {
  let format = numberFormats.get(locale);
  if (!format) numberFormats.set(locale, (format = new Intl.NumberFormat(locale)));
  return format.format(n);
}
