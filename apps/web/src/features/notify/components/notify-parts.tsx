/** Pieces the Notifications page's tables and forms share: column heads, row actions, form buttons. */
import type { ReactNode } from 'react';
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

/**
 * A notify table's header row: one column head per name (each cell repeats its name as `data-label` for the
 * phone cards), then an unnamed trailing column (its name for screen readers only) when one is given.
 */
export function ColumnHeads({ names, trailing }: { names: Record<string, string>; trailing?: ReactNode }) {
  return (
    <thead>
      <tr>
        {Object.values(names).map((name) => (
          <th key={name} scope="col">
            {name}
          </th>
        ))}
        {trailing === undefined ? null : (
          <th scope="col">
            <span className="visually-hidden">{trailing}</span>
          </th>
        )}
      </tr>
    </thead>
  );
}
