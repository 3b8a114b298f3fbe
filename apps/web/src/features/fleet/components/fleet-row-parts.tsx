/** How a version reads, the same in a table row (fleet-table.tsx) and in a phone's card (fleet-cards.tsx). */
import type { FleetItem } from '@csms-console/api-contract';
import { versionHistoryHref } from '../../../lib/audit-href';
import { t } from '../../../lib/i18n';
import type { BoardSort, FleetRow, SortColumn } from '../utils/board-params';
import { bucketLabel, consoleLabel, notifyLabel } from '../utils/labels';
import { CURRENT_STAGE } from '../utils/severity';
import { secretHref } from '../../../lib/secret-href';

/** Above this many rows only the rows (or cards) in view are in the DOM; fewer are all rendered. */
export const VIRTUAL_FROM = 200;

export interface FleetSelection {
  selected: ReadonlySet<string>;
  toggle: (item: FleetRow) => void;
  setAll: (items: FleetRow[], on: boolean) => void;
}

/** A column's name in the active language (the table's header, a card's label, the phone's sort menu). */
export function columnLabel(column: SortColumn): string {
  return t(`fleet.column.${column}`);
}

/** What the versions are and how they are ordered: the table's caption, the cards' name. */
export function versionsCaption(count: number, sort: BoardSort): string {
  if (!sort) return t('fleet.table.caption', { count });
  return t(sort.desc ? 'fleet.table.captionDesc' : 'fleet.table.captionAsc', {
    count,
    column: columnLabel(sort.column),
  });
}

/** The name of a version's checkbox: its secret and version, and its account on the all-accounts board. */
export function selectLabel(item: FleetRow, showAccount: boolean): string {
  return showAccount
    ? t('fleet.table.selectInAccount', { account: item.account, secret: item.secret, version: item.version })
    : t('fleet.table.select', { secret: item.secret, version: item.version });
}

/** Where a row's links go: its own account's secret page, and the version's history in the audit log. */
export const secretHrefOf = (item: FleetRow) => secretHref(item.account, item.secret);
export const historyHref = (item: FleetRow) => versionHistoryHref(item.account, item.secret, item.version);

/** Yes, No with the reason, or Unknown: in words (the icon is a second cue, hidden from screen readers). */
export function Notify({ notify }: { notify: FleetItem['notify'] }) {
  const [className, icon] =
    notify === 'ok'
      ? ['status-ok', '✔']
      : notify === 'unknown'
        ? ['status-neutral', '?']
        : ['status-warn', '⚠'];
  return (
    <span className={`status ${className}`}>
      <span aria-hidden="true">{icon} </span>
      {notifyLabel(notify)}
    </span>
  );
}

/** Will the console's advance warnings reach anyone: Yes, or No with why (channels failing, no rule). */
export function ConsoleNotifyStatus({ notify }: { notify: FleetItem['console_notify'] }) {
  const [className, icon] = notify === 'ok' ? ['status-ok', '✔'] : ['status-warn', '⚠'];
  return (
    <span className={`status ${className}`}>
      <span aria-hidden="true">{icon} </span>
      {consoleLabel(notify)}
    </span>
  );
}

/** The version's bucket as a badge (text; the colour is a second cue). */
export function Bucket({ bucket }: { bucket: FleetItem['bucket'] }) {
  return <span className={`status bucket-${bucket}`}>{bucketLabel(bucket)}</span>;
}

/** SYSCURRENT first and marked (icon and word, not colour alone); no label said in words. */
export function Stages({ stages }: { stages: string[] }) {
  if (stages.length === 0) return <span className="chip chip-unlabelled">{t('fleet.stages.none')}</span>;
  const ordered = [...stages].sort((a, b) => Number(b === CURRENT_STAGE) - Number(a === CURRENT_STAGE));
  return (
    <span className="chip-list">
      {ordered.map((stage) =>
        stage === CURRENT_STAGE ? (
          <span key={stage} className="chip chip-current">
            <span aria-hidden="true">★ </span>
            {stage}
          </span>
        ) : (
          <span key={stage} className="chip">
            {stage}
          </span>
        ),
      )}
    </span>
  );
}
