import type { SecretState } from '@csms-console/api-contract';
import { formatInstant, formatRelative } from '../../../lib/time';

export const SECRET_STATE_LABEL: Record<SecretState, string> = {
  ENABLED: 'Enabled',
  DISABLED: 'Disabled',
  PENDING_DELETE: 'Pending deletion',
  FROZEN: 'Frozen',
};

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
        {SECRET_STATE_LABEL[state]}
      </span>
      {state === 'PENDING_DELETE' && scheduledDeleteTime !== null ? (
        <div className="secret-state-when">
          Deletion scheduled {formatInstant(scheduledDeleteTime, zone)}
          <span className="muted"> ({formatRelative(scheduledDeleteTime, now)})</span>
        </div>
      ) : null}
    </div>
  );
}
