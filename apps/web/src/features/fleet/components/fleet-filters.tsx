import { SecretStateSchema } from '@csms-console/api-contract';
import { t } from '../../../lib/i18n';
import type { BoardParams } from '../utils/board-params';
import { STAGE_KINDS } from '../utils/board-params';
import { NOTIFY_FILTERS, notifyFilterLabel, secretStateLabel, stageKindLabel } from '../utils/labels';

/**
 * Stage, secret state, notify and name filters, and the account on the all-accounts board (the bucket filter
 * is the counts above). They wrap onto as many lines as the screen needs.
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
  const any = t('fleet.filters.any');
  return (
    <div className="filters fleet-filters" role="search" aria-label={t('fleet.filters.label')}>
      {accounts ? (
        <label>
          {t('fleet.filters.account')}
          <select
            value={params.account ?? ''}
            onChange={(e) => onChange({ account: accounts.find((a) => a === e.target.value) })}
          >
            <option value="">{any}</option>
            {accounts.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label>
        {t('fleet.filters.name')}
        <input type="search" value={params.name} onChange={(e) => onChange({ name: e.target.value })} />
      </label>
      <label>
        {t('fleet.filters.stage')}
        <select
          value={params.stage ?? ''}
          onChange={(e) => onChange({ stage: STAGE_KINDS.find((s) => s === e.target.value) })}
        >
          <option value="">{any}</option>
          {STAGE_KINDS.map((s) => (
            <option key={s} value={s}>
              {stageKindLabel(s)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('fleet.filters.state')}
        <select
          value={params.state ?? ''}
          onChange={(e) => onChange({ state: SecretStateSchema.safeParse(e.target.value).data })}
        >
          <option value="">{any}</option>
          {SecretStateSchema.options.map((s) => (
            <option key={s} value={s}>
              {secretStateLabel(s)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('fleet.filters.notify')}
        <select
          value={params.notify ?? ''}
          onChange={(e) => onChange({ notify: NOTIFY_FILTERS.find((n) => n === e.target.value) })}
        >
          <option value="">{any}</option>
          {NOTIFY_FILTERS.map((n) => (
            <option key={n} value={n}>
              {notifyFilterLabel(n)}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
