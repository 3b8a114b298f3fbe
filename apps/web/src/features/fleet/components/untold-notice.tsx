import { NOTIFY_HEALTH_DAYS } from '@csms-console/api-contract';
import { t } from '../../../lib/i18n';

/**
 * The board's first question (issue 14 item 4): how many versions expire within 30 days with no one to tell,
 * neither CSMS nor the console's advance warnings (the BFF's `untold`, summed over the accounts shown). The
 * button filters the table to exactly those rows (`?untold=1`, api-contract's `isUntold`) and back. Nothing
 * shows while the count is zero and the filter is off.
 */
export function UntoldNotice({
  count,
  active,
  onToggle,
}: {
  count: number;
  active: boolean;
  onToggle: () => void;
}) {
  if (count === 0 && !active) return null;
  return (
    <section
      className={`notice ${count > 0 ? 'notice-warn' : 'notice-ok'} untold-notice`}
      aria-labelledby="untold-count"
    >
      <p>
        <strong id="untold-count" className="untold-count">
          <span aria-hidden="true">{count > 0 ? '⚠ ' : '✔ '}</span>
          {t('fleet.untold.count', { count, days: NOTIFY_HEALTH_DAYS })}
        </strong>{' '}
        <span className="muted">{t('fleet.untold.explain')}</span>
      </p>
      <button type="button" className="button" aria-pressed={active} onClick={onToggle}>
        {active ? t('fleet.untold.showAll') : t('fleet.untold.show')}
      </button>
    </section>
  );
}
