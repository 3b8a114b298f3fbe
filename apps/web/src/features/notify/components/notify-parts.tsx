import { t } from '../../../lib/i18n';

/** A rule's or a channel's Edit and Delete buttons, each named after its row for screen readers. */
export function EditDeleteButtons({
  editLabel,
  deleteLabel,
  onEdit,
  onDelete,
}: {
  editLabel: string;
  deleteLabel: string;
  onEdit: () => void;
  onDelete: () => void;
}) {
  return (
    <>
      <button type="button" className="button small" aria-label={editLabel} onClick={onEdit}>
        {t('notify.edit')}
      </button>
      <button type="button" className="button small danger" aria-label={deleteLabel} onClick={onDelete}>
        {t('notify.delete')}
      </button>
    </>
  );
}

/** A form's Cancel and Save, Save disabled (and saying so) while the save is out. */
export function FormButtons({ pending, onCancel }: { pending: boolean; onCancel: () => void }) {
  return (
    <>
      <button type="button" className="button" onClick={onCancel}>
        {t('notify.form.cancel')}
      </button>
      <button type="submit" className="button primary" disabled={pending}>
        {pending ? t('notify.form.saving') : t('notify.form.save')}
      </button>
    </>
  );
}
