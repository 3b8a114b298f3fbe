import type { SecretState } from '@csms-console/api-contract';
import { SECRET_STATE_DISPLAY } from '../utils/versions';

/** Why no expiry of this secret can change, and what to do in CSMS first. Rendered only when not ENABLED. */
export function SecretStateNotice({ id, state }: { id: string; state: Exclude<SecretState, 'ENABLED'> }) {
  return (
    <div id={id} className="notice notice-warn">
      <p className="notice-title">
        <span aria-hidden="true">⊘ </span>
        This secret is {SECRET_STATE_DISPLAY[state].label.toLowerCase()} ({state}): no expiry can be changed
      </p>
      <p>
        CSMS refuses expiry changes to the versions of a secret that is not ENABLED.{' '}
        {state === 'PENDING_DELETE'
          ? 'Cancel the scheduled deletion and enable the secret in CSMS first'
          : 'Enable the secret in CSMS first'}
        ; the versions and their expiries below stay readable.
      </p>
    </div>
  );
}
