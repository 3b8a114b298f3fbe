import type { Account } from '@csms-console/api-contract';
import { useId } from 'react';
import { t } from '../../../lib/i18n';

/** The CSMS account in use, with its region and project, so nobody edits prod thinking it is staging. */
export function AccountSwitcher({
  accounts,
  current,
  onSwitch,
}: {
  accounts: readonly Account[];
  current: string | undefined;
  onSwitch: (account: string) => void;
}) {
  const id = useId();
  const active = accounts.find((a) => a.name === current);
  return (
    <div className="account-switcher">
      <label htmlFor={id}>{t('accounts.label')}</label>
      <select id={id} value={current ?? ''} onChange={(e) => onSwitch(e.target.value)}>
        {current && !active ? (
          <option value={current}>{t('accounts.unknown', { account: current })}</option>
        ) : null}
        {accounts.map((a) => (
          <option key={a.name} value={a.name}>
            {t('accounts.option', { account: a.name, region: a.region, project: a.project_id.slice(0, 8) })}
          </option>
        ))}
      </select>
      {active?.emulated ? (
        <span className="tag" title={t('accounts.projectTitle', { project: active.project_id })}>
          {t('accounts.emulator')}
        </span>
      ) : null}
    </div>
  );
}
