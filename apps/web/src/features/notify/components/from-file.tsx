import { t } from '../../../lib/i18n';

/** "from file": provisioned from NOTIFY_PROVISION_FILE at start, so read-only in the console. */
export function FromFile() {
  return (
    <span className="tag" title={t('notify.fromFileHint')}>
      {t('notify.fromFile')}
    </span>
  );
}
