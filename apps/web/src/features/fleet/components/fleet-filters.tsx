import { SecretStateSchema } from '@csms-console/api-contract';
import type { BoardParams } from '../utils/board-params';
import { STAGE_KINDS } from '../utils/board-params';
import { NOTIFY_FILTERS, type NotifyFilter } from '../utils/labels';
import type { StageKind } from '../utils/severity';
import { SECRET_STATE_LABEL } from './fleet-table';

const STAGE_LABEL: Record<StageKind, string> = {
  current: 'SYSCURRENT',
  labelled: 'Other labels only',
  unlabelled: 'No label',
};

const NOTIFY_FILTER_LABEL: Record<NotifyFilter, string> = {
  yes: 'Yes',
  no: 'No (any reason)',
};

/**
 * Stage, secret state, notify and name filters, and the account on the all-accounts board (the bucket filter
 * is the counts above).
 */
export function FleetFilters({
  params,
  accounts,
  onChange,
}: {
  params: BoardParams;
  /** The all-accounts board's accounts (an account filter); null on one account's board. */
  accounts: readonly string[] | null;
  onChange: (next: Partial<BoardParams>) => void;
}) {
  return (
    <div className="filters fleet-filters" role="search" aria-label="Filter versions">
      {accounts ? (
        <label>
          Account
          <select
            value={params.account ?? ''}
            onChange={(e) => onChange({ account: accounts.find((a) => a === e.target.value) })}
          >
            <option value="">Any</option>
            {accounts.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label>
        Secret name contains
        <input type="search" value={params.name} onChange={(e) => onChange({ name: e.target.value })} />
      </label>
      <label>
        Stage
        <select
          value={params.stage ?? ''}
          onChange={(e) => onChange({ stage: STAGE_KINDS.find((s) => s === e.target.value) })}
        >
          <option value="">Any</option>
          {STAGE_KINDS.map((s) => (
            <option key={s} value={s}>
              {STAGE_LABEL[s]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Secret state
        <select
          value={params.state ?? ''}
          onChange={(e) => onChange({ state: SecretStateSchema.safeParse(e.target.value).data })}
        >
          <option value="">Any</option>
          {SecretStateSchema.options.map((s) => (
            <option key={s} value={s}>
              {SECRET_STATE_LABEL[s]}
            </option>
          ))}
        </select>
      </label>
      <label>
        CSMS notifies
        <select
          value={params.notify ?? ''}
          onChange={(e) => onChange({ notify: NOTIFY_FILTERS.find((n) => n === e.target.value) })}
        >
          <option value="">Any</option>
          {NOTIFY_FILTERS.map((n) => (
            <option key={n} value={n}>
              {NOTIFY_FILTER_LABEL[n]}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
