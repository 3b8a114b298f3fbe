import { DialogFooter } from '../../../components/ui/dialog-footer';
import { ErrorNotice } from '../../../components/ui/error-notice';
import { t } from '../../../lib/i18n';
import { useDeleteNotify } from '../api/queries';
import { NotifyDialog } from './notify-dialog';

/**
 * "Delete rule/channel?": nothing is deleted without this confirmation. A refusal (409 `channel_in_use`: a
 * rule still names the channel; 409 `provisioned_read_only`) stays in the dialog with its sentence.
 */
export function ConfirmDelete({
  what,
  id,
  name,
  onClose,
}: {
  what: 'rule' | 'channel';
  id: string;
  name: string;
  onClose: () => void;
}) {
  const remove = useDeleteNotify();
  return (
    <NotifyDialog
      title={t(what === 'rule' ? 'notify.delete.ruleTitle' : 'notify.delete.channelTitle', { name })}
      onClose={onClose}
    >
      {() => (
        <>
          <div className="dialog-body">
            <p>{t(what === 'rule' ? 'notify.delete.ruleBody' : 'notify.delete.channelBody')}</p>
            {remove.isError ? <ErrorNotice error={remove.error} title={t('notify.delete.failed')} /> : null}
          </div>
          <DialogFooter>
            <button type="button" className="button" onClick={onClose}>
              {t('notify.form.cancel')}
            </button>
            <button
              type="button"
              className="button danger"
              disabled={remove.isPending}
              onClick={() => remove.mutate({ what, id }, { onSuccess: onClose })}
            >
              {t('notify.delete.confirm')}
            </button>
          </DialogFooter>
        </>
      )}
    </NotifyDialog>
  );
}
