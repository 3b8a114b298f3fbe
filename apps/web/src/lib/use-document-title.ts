import { useEffect } from 'react';

/** Each page names itself in the tab and for screen readers' page announcements. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · CSMS Version Console`;
  }, [title]);
}
