import { useCallback, useEffect, useRef } from 'react';
import { useLocation, useSearchParams } from 'react-router';
import { changeExpiryButtonId, versionRowHeaderId } from '../components/versions-table';

/**
 * The version whose editor is open lives in the URL (`?edit=v3`), so it can be linked and survives a reload.
 * Opening pushes a history entry; closing replaces it and puts focus back on the row's Change expiry button,
 * or on the row itself when a save made the version ineligible (its button is disabled then).
 */
export function useEditParam() {
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const editId = params.get('edit');
  const focusAfterClose = useRef<string | null>(null);

  const setEdit = useCallback(
    (id: string | null) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (id === null) next.delete('edit');
          else next.set('edit', id);
          return next;
        },
        { state: location.state as unknown, replace: id === null },
      );
    },
    [setParams, location.state],
  );

  useEffect(() => {
    if (editId !== null || focusAfterClose.current === null) return;
    const button = document.getElementById(changeExpiryButtonId(focusAfterClose.current));
    const target =
      button instanceof HTMLButtonElement && !button.disabled
        ? button
        : document.getElementById(versionRowHeaderId(focusAfterClose.current));
    target?.focus();
    focusAfterClose.current = null;
  }, [editId]);

  const open = useCallback((id: string) => setEdit(id), [setEdit]);
  /** The editor closed: back to the row. */
  const close = useCallback(() => {
    focusAfterClose.current = editId;
    setEdit(null);
  }, [editId, setEdit]);
  /** A refusal notice dismissed: only the parameter goes. */
  const dismiss = useCallback(() => setEdit(null), [setEdit]);

  return { editId, open, close, dismiss };
}
