import type { ChannelKind, ConsoleNotification } from '@csms-console/api-contract';
import { Link } from 'react-router';
import { t } from '../../../lib/i18n';

/** Where rules and channels are managed (issue 14). */
export const NOTIFICATIONS_HREF = '/notifications';

/**
 * "Will the console warn anyone before this secret's current version expires?" (issue 14 item 4): the rules
 * covering it and the channels they use, each marked failing, delivering, or never delivered yet; or, with
 * no rule, a link to set one up. The BFF answers for the SYSCURRENT version, as the fleet board does.
 */
export function AdvanceWarningsPanel({
  status,
  canManage,
}: {
  status: ConsoleNotification;
  /** Admins manage rules; the others are pointed at them to read (and to ask an admin). */
  canManage: boolean;
}) {
  const ok = status.status === 'ok';
  return (
    <section className="notify-panel advance-panel" aria-labelledby="advance-heading">
      <h2 id="advance-heading">{t('versions.advance.heading')}</h2>
      <div className={`notice ${ok ? 'notice-ok' : 'notice-warn'}`}>
        <p className="notify-answer">
          <span aria-hidden="true">{ok ? '✔ ' : '⚠ '}</span>
          {status.status === 'ok'
            ? t('versions.advance.ok')
            : status.status === 'channel_failing'
              ? t('versions.advance.channelFailing')
              : t('versions.advance.noRule')}
        </p>
        {status.status === 'no_rule' ? (
          <p>
            <Link to={NOTIFICATIONS_HREF}>
              {canManage ? t('versions.advance.setUp') : t('versions.advance.askAdmin')}
            </Link>
          </p>
        ) : (
          <>
            <p>{t('versions.advance.rules', { names: status.rules.map((r) => r.name).join(', ') })}</p>
            <h3 className="advance-channels">{t('versions.advance.channels')}</h3>
            <ul>
              {status.channels.map((c) => (
                <li key={c.id}>
                  {c.name} <span className="muted">({kindName(c.kind)})</span> ·{' '}
                  {c.failing ? (
                    <strong className="status status-warn">
                      <span aria-hidden="true">⚠ </span>
                      {t('versions.advance.failing')}
                    </strong>
                  ) : c.last_sent_at === null ? (
                    <span className="muted">{t('versions.advance.neverDelivered')}</span>
                  ) : (
                    <span className="status status-ok">{t('versions.advance.delivering')}</span>
                  )}
                </li>
              ))}
            </ul>
            <p>
              <Link to={NOTIFICATIONS_HREF}>
                {canManage ? t('versions.advance.manage') : t('versions.advance.view')}
              </Link>
            </p>
          </>
        )}
      </div>
    </section>
  );
}

function kindName(kind: ChannelKind): string {
  switch (kind) {
    case 'webhook':
      return t('versions.advance.kind.webhook');
    case 'feishu':
      return t('versions.advance.kind.feishu');
    case 'dingtalk':
      return t('versions.advance.kind.dingtalk');
    case 'wecom':
      return t('versions.advance.kind.wecom');
    case 'slack':
      return t('versions.advance.kind.slack');
    case 'email':
      return t('versions.advance.kind.email');
  }
}
