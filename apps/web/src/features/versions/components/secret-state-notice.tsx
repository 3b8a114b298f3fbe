import type { SecretState } from '@csms-console/api-contract';
import { t } from '../../../lib/i18n';

/** Why no expiry of this secret can change, and what to do in CSMS first. Rendered only when not ENABLED. */
export function SecretStateNotice({ id, state }: { id: string; state: Exclude<SecretState, 'ENABLED'> }) {
  return (
    <div id={id} className="notice notice-warn">
      <p className="notice-title">
        <span aria-hidden="true">⊘ </span>
        {t('versions.stateNotice.title', { state })}
      </p>
      <p>{t('versions.stateNotice.body', { state })}</p>
    </div>
  );
}
