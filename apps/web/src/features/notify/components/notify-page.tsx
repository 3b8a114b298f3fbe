import type { Channel, Rule } from '@csms-console/api-contract';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { ErrorNotice } from '../../../components/ui/error-notice';
import { useNow } from '../../../lib/clock';
import { t } from '../../../lib/i18n';
import { useZone } from '../../../lib/zone';
import { notifyQueries } from '../api/queries';
import { notifyDraftKey, notifyDrafts, openFromDraft, type NotifyDraft } from '../utils/draft';
import { ChannelForm } from './channel-form';
import { ChannelsTable } from './channels-section';
import { ConfirmDelete } from './confirm-delete';
import { DeliveryLog } from './delivery-log';
import { RuleForm } from './rule-form';
import { RulesTable } from './rules-section';
import { SchedulerStatus } from './scheduler-status';
import type { ChannelFormValues } from '../utils/channel-form-schema';
import type { RuleFormValues } from '../utils/rule-form-schema';

/** `restored`: the form comes back from a kept draft (utils/draft.ts) with these values. */
type Open =
  | { form: 'rule'; rule: Rule | null; restored?: RuleFormValues }
  | { form: 'channel'; channel: Channel | null; restored?: ChannelFormValues }
  | { form: 'delete'; what: 'rule' | 'channel'; id: string; name: string }
  | null;

/**
 * Advance expiry warnings: whether the scheduled check is alive (scheduler-status.tsx), the rules, the
 * channels and the delivery log. Every role reads them; only
 * `canWrite` (admin) gets the buttons that change them or send a test (app/ decides from the session).
 * `accounts` are the configured accounts a rule may pick from. `user` (the signed-in user's `sub`) owns the
 * admin's kept draft: a form left open when the page went away (the session ended) opens again with what was
 * typed once the rules and channels are read; saving or cancelling it ends it.
 */
export function NotifyPage({
  canWrite,
  accounts,
  user,
}: {
  canWrite: boolean;
  accounts: string[];
  user: string;
}) {
  const rules = useQuery(notifyQueries.rules());
  const channels = useQuery(notifyQueries.channels());
  const [open, setOpen] = useState<Open>(null);
  const [draftKey] = useState(() => notifyDraftKey(user));
  const [kept, setKept] = useState<NotifyDraft | null>(() => (canWrite ? notifyDrafts.read(draftKey) : null));
  const [goneNote, setGoneNote] = useState<'rule' | 'channel' | null>(null);
  const close = useCallback(() => {
    notifyDrafts.clear(draftKey); // saved or cancelled: the admin's work with that form is done
    setOpen(null);
  }, [draftKey]);
  useEffect(() => {
    if (kept === null || !rules.isSuccess || !channels.isSuccess) return;
    const start = openFromDraft(kept, rules.data.items, channels.data.items);
    setKept(null); // once: the lists are read
    if ('gone' in start) {
      notifyDrafts.clear(draftKey);
      setGoneNote(start.gone);
    } else {
      setOpen(start);
    }
  }, [kept, rules.isSuccess, rules.data, channels.isSuccess, channels.data, draftKey]);
  const now = useNow();
  const { zone } = useZone();
  const channelList = channels.data?.items ?? [];

  return (
    <div className="notify-page">
      <SchedulerStatus canWrite={canWrite} zone={zone} now={now} />
      {!canWrite ? <p className="read-only-note muted">{t('notify.readOnly')}</p> : null}
      {goneNote ? (
        <p role="status" className="notify-draft-gone">
          {goneNote === 'rule' ? t('notify.draft.ruleGone') : t('notify.draft.channelGone')}
        </p>
      ) : null}
      <section aria-labelledby="notify-rules">
        <div className="notify-heading">
          <h2 id="notify-rules">{t('notify.rules.heading')}</h2>
          {canWrite ? (
            <button
              type="button"
              className="button primary"
              onClick={() => setOpen({ form: 'rule', rule: null })}
            >
              {t('notify.rules.new')}
            </button>
          ) : null}
        </div>
        {rules.isPending || channels.isPending ? (
          <p role="status">{t('notify.loading')}</p>
        ) : rules.isError ? (
          <ErrorNotice error={rules.error} title={t('notify.rules.loadError')} />
        ) : rules.data.items.length === 0 ? (
          <p>{t('notify.rules.none')}</p>
        ) : (
          <RulesTable
            rules={rules.data.items}
            channels={channelList}
            canWrite={canWrite}
            onEdit={(rule) => setOpen({ form: 'rule', rule })}
            onDelete={(rule) => setOpen({ form: 'delete', what: 'rule', id: rule.id, name: rule.name })}
          />
        )}
      </section>
      <section aria-labelledby="notify-channels">
        <div className="notify-heading">
          <h2 id="notify-channels">{t('notify.channels.heading')}</h2>
          {canWrite ? (
            <button
              type="button"
              className="button primary"
              onClick={() => setOpen({ form: 'channel', channel: null })}
            >
              {t('notify.channels.new')}
            </button>
          ) : null}
        </div>
        {channels.isPending ? null : channels.isError ? (
          <ErrorNotice error={channels.error} title={t('notify.channels.loadError')} />
        ) : channelList.length === 0 ? (
          <p>{t('notify.channels.none')}</p>
        ) : (
          <ChannelsTable
            channels={channelList}
            canWrite={canWrite}
            zone={zone}
            now={now}
            onEdit={(channel) => setOpen({ form: 'channel', channel })}
            onDelete={(c) => setOpen({ form: 'delete', what: 'channel', id: c.id, name: c.name })}
          />
        )}
      </section>
      <section aria-labelledby="notify-log">
        <h2 id="notify-log">{t('notify.log.heading')}</h2>
        <DeliveryLog channels={channelList} zone={zone} now={now} />
      </section>
      {/* The form mounts with its data: a new rule's channel choice needs the channel list. */}
      {open?.form === 'rule' && channels.isSuccess ? (
        <RuleForm
          rule={open.rule}
          restored={open.restored ?? null}
          draftKey={draftKey}
          channels={channelList}
          accounts={accounts}
          onClose={close}
          onCreateChannel={() => {
            notifyDrafts.clear(draftKey); // the rule form is left for the channel form
            setOpen({ form: 'channel', channel: null });
          }}
        />
      ) : null}
      {open?.form === 'channel' ? (
        <ChannelForm
          channel={open.channel}
          restored={open.restored ?? null}
          draftKey={draftKey}
          onClose={close}
        />
      ) : null}
      {open?.form === 'delete' ? (
        <ConfirmDelete what={open.what} id={open.id} name={open.name} onClose={close} />
      ) : null}
    </div>
  );
}
