import type { SecretState } from '@csms-console/api-contract';
import { t } from '../../../lib/i18n';
import { formatInstant, formatRelative } from '../../../lib/time';

/** `Enabled`, `Pending deletion`... in the active language (call it while rendering). */
export function secretStateLabel(state: SecretState): string {
  return t(`secrets.state.${state}`);
}

const ICON: Record<SecretState, string> = { ENABLED: '✓', DISABLED: '⊘', PENDING_DELETE: '✕', FROZEN: '❄' };
const TONE: Record<SecretState, string> = {
  ENABLED: 'status-good',
  DISABLED: 'status-neutral',
  PENDING_DELETE: 'status-danger',
  FROZEN: 'status-frozen',
};

/** A secret's CSMS state as text and icon (colour is only a second cue); when deletion is due, when. */
export function SecretStateBadge({
  state,
  scheduledDeleteTime,
  zone,
  now,
}: {
  state: SecretState;
  scheduledDeleteTime: number | null;
  zone: string;
  now: number;
}) {
  return (
    <div className="secret-state">
      <span className={`status ${TONE[state]}`}>
        <span aria-hidden="true">{ICON[state]}</span>
        {secretStateLabel(state)}
      </span>
      {state === 'PENDING_DELETE' && scheduledDeleteTime !== null ? (
        <div className="secret-state-when">
          {t('secrets.deletionScheduled', {
            when: formatInstant(scheduledDeleteTime, zone),
            relative: formatRelative(scheduledDeleteTime, now),
          })}
        </div>
      ) : null}
    </div>
  );
}
