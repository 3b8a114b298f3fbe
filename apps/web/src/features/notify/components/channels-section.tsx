import type { Channel, Delivery } from '@csms-console/api-contract';
import { ErrorNotice } from '../../../components/ui/error-notice';
import { Instant } from '../../../components/ui/instant';
import { t } from '../../../lib/i18n';
import { useTestChannel } from '../api/queries';
import { deliveryErrorText, kindLabel, STATUS_LOOK, statusLabel } from '../utils/labels';
import { FromFile } from './from-file';
import { ColumnHeads, EditDeleteButtons } from './notify-parts';

/** A delivery status as icon and word (the class only tints). */
export function StatusBadge({ status }: { status: Delivery['status'] }) {
  const look = STATUS_LOOK[status];
  return (
    <span className={`status status-${look.tone}`}>
      <span aria-hidden="true">{look.icon} </span>
      {statusLabel(status)}
    </span>
  );
}

/**
 * The channels: kind, what they reach (host only, never a credential), and whether warnings get through
 * (the newest delivery's outcome, when, and why it failed). "Send test" is for every role that may write.
 */
export function ChannelsTable({
  channels,
  canWrite,
  zone,
  now,
  onEdit,
  onDelete,
}: {
  channels: Channel[];
  canWrite: boolean;
  zone: string;
  now: number;
  onEdit: (channel: Channel) => void;
  onDelete: (channel: Channel) => void;
}) {
  const cols = {
    name: t('notify.channels.col.name'),
    kind: t('notify.channels.col.kind'),
    target: t('notify.channels.col.target'),
    health: t('notify.channels.col.health'),
  };
  return (
    <div className="table-scroll">
      <table className="data-table notify-table">
        <caption className="visually-hidden">
          {t('notify.channels.caption', { count: channels.length })}
        </caption>
        <ColumnHeads names={cols} trailing={canWrite ? t('notify.actions') : undefined} />
        <tbody>
          {channels.map((channel) => (
            <tr key={channel.id}>
              <th scope="row" data-label={cols.name}>
                {channel.name} {channel.source === 'file' ? <FromFile /> : null}
              </th>
              <td data-label={cols.kind}>{kindLabel(channel.kind)}</td>
              <td data-label={cols.target} className="notify-target">
                {channel.target}
              </td>
              <td data-label={cols.health}>
                <Health channel={channel} zone={zone} now={now} />
              </td>
              {canWrite ? (
                <td className="notify-actions">
                  <TestButton channel={channel} zone={zone} now={now} />
                  {channel.source === 'console' ? (
                    <EditDeleteButtons
                      editLabel={t('notify.channels.editNamed', { name: channel.name })}
                      deleteLabel={t('notify.channels.deleteNamed', { name: channel.name })}
                      onEdit={() => onEdit(channel)}
                      onDelete={() => onDelete(channel)}
                    />
                  ) : null}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Health({ channel, zone, now }: { channel: Channel; zone: string; now: number }) {
  const { health } = channel;
  if (health.last_status === null) return <span className="muted">{t('notify.channels.neverUsed')}</span>;
  return (
    <>
      <StatusBadge status={health.last_status} />{' '}
      {health.last_attempt_at !== null ? <Instant ms={health.last_attempt_at} zone={zone} now={now} /> : null}
      {health.last_error ? <p className="notify-error">{deliveryErrorText(health.last_error)}</p> : null}
    </>
  );
}

/** "Send test": one attempt now; its outcome shows under the button (the log below refreshes too). */
function TestButton({ channel, zone, now }: { channel: Channel; zone: string; now: number }) {
  const test = useTestChannel();
  const delivery = test.data?.delivery;
  return (
    <div className="notify-test">
      <button
        type="button"
        className="button small"
        aria-label={t('notify.channels.testNamed', { name: channel.name })}
        disabled={test.isPending}
        onClick={() => test.mutate(channel.id)}
      >
        {test.isPending ? t('notify.channels.testing') : t('notify.channels.test')}
      </button>
      <div role="status" aria-live="polite">
        {delivery ? (
          <p className="notify-test-result">
            <StatusBadge status={delivery.status} />{' '}
            {delivery.status === 'sent' ? (
              <Instant ms={delivery.sent_at} zone={zone} now={now} relative={false} />
            ) : null}
            {delivery.error ? (
              <span className="notify-error">{deliveryErrorText(delivery.error)}</span>
            ) : null}
          </p>
        ) : null}
      </div>
      {test.isError ? <ErrorNotice error={test.error} title={t('notify.channels.testFailed')} /> : null}
    </div>
  );
}
