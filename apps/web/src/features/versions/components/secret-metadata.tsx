import type { SecretSummary } from '@csms-console/api-contract';
import type { ReactNode } from 'react';
import { Instant } from '../../../components/ui/instant';
import { t } from '../../../lib/i18n';
import { SECRET_STATE_DISPLAY } from '../utils/versions';

export function SecretStateBadge({ state }: { state: SecretSummary['state'] }) {
  const display = SECRET_STATE_DISPLAY[state];
  return (
    <span className={`status status-${display.tone}`}>
      <span aria-hidden="true">{display.icon}</span> {t(`versions.state.${state}`)}{' '}
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

/** The secret's CSMS metadata: state, type, key, description and its times. */
export function SecretMetadata({ secret, zone, now }: { secret: SecretSummary; zone: string; now: number }) {
  const none = <span className="muted">{t('versions.meta.notSet')}</span>;
  const time = (ms: number | null) => (ms === null ? none : <Instant ms={ms} zone={zone} now={now} />);
  return (
    <dl className="secret-meta">
      <Row term={t('versions.meta.state')}>
        <SecretStateBadge state={secret.state} />
      </Row>
      {secret.state === 'PENDING_DELETE' ? (
        <Row term={t('versions.meta.scheduledDeletion')}>{time(secret.scheduled_delete_time)}</Row>
      ) : null}
      <Row term={t('versions.meta.type')}>
        {secret.secret_type ? <code>{secret.secret_type}</code> : none}
      </Row>
      <Row term={t('versions.meta.kmsKeyId')}>
        {secret.kms_key_id ? <code className="break">{secret.kms_key_id}</code> : none}
      </Row>
      <Row term={t('versions.meta.description')}>{secret.description || none}</Row>
      <Row term={t('versions.meta.created')}>{time(secret.create_time)}</Row>
      <Row term={t('versions.meta.updated')}>{time(secret.update_time)}</Row>
    </dl>
  );
}
