import type { SecretSummary } from '@csms-console/api-contract';
import type { ReactNode } from 'react';
import { Instant } from '../../../components/ui/instant';
import { SECRET_STATE_DISPLAY } from '../utils/versions';

export function SecretStateBadge({ state }: { state: SecretSummary['state'] }) {
  const display = SECRET_STATE_DISPLAY[state];
  return (
    <span className={`status status-${display.tone}`}>
      <span aria-hidden="true">{display.icon}</span> {display.label}{' '}
      <code className="state-code">{state}</code>
    </span>
  );
}

function Row({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="meta-row">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

const none = <span className="muted">Not set</span>;

/** The secret's CSMS metadata: state, type, key, description and its times. */
export function SecretMetadata({ secret, zone, now }: { secret: SecretSummary; zone: string; now: number }) {
  const time = (ms: number | null) => (ms === null ? none : <Instant ms={ms} zone={zone} now={now} />);
  return (
    <dl className="secret-meta">
      <Row term="State">
        <SecretStateBadge state={secret.state} />
      </Row>
      {secret.state === 'PENDING_DELETE' ? (
        <Row term="Scheduled deletion">{time(secret.scheduled_delete_time)}</Row>
      ) : null}
      <Row term="Type">{secret.secret_type ? <code>{secret.secret_type}</code> : none}</Row>
      <Row term="KMS key id">
        {secret.kms_key_id ? <code className="break">{secret.kms_key_id}</code> : none}
      </Row>
      <Row term="Description">{secret.description || none}</Row>
      <Row term="Created">{time(secret.create_time)}</Row>
      <Row term="Updated">{time(secret.update_time)}</Row>
    </dl>
  );
}
