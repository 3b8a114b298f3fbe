import { SecretStateSchema } from '@csms-console/api-contract';
import type { BoardParams } from '../utils/board-params';
import { STAGE_KINDS } from '../utils/board-params';
import type { StageKind } from '../utils/severity';
import { SECRET_STATE_LABEL } from './fleet-table';

const STAGE_LABEL: Record<StageKind, string> = {
  current: 'SYSCURRENT',
  labelled: 'Other labels only',
  unlabelled: 'No label',
};

/** Stage, secret state and name filters, and the account on the all-accounts board (the bucket filter is the counts above). */
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
    </div>
  );
}
