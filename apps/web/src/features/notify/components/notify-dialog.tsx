import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * A modal `<dialog>` for the page's forms and confirmations: opened on mount, Escape closes it through
 * `onClose`, titled by its heading. The body gets the heading's id-based prefix for its own fields.
 */
export function NotifyDialog({
  title,
  onClose,
  children,
}: {
  title: string;
  onClose: () => void;
  children: (ids: string) => ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    const onCancel = (event: Event) => {
      event.preventDefault();
      onClose();
    };
    dialog?.addEventListener('cancel', onCancel);
    return () => dialog?.removeEventListener('cancel', onCancel);
  }, [onClose]);
  return (
    <dialog ref={ref} className="dialog notify-dialog" aria-labelledby={titleId}>
      <div className="dialog-header">
        <h2 id={titleId}>{title}</h2>
      </div>
      {children(titleId)}
    </dialog>
  );
}
