import { useEffect } from 'react';
import { t } from './i18n';

/** Each page names itself in the tab and for screen readers' page announcements, in the active language. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · ${t('app.brand')}`;
  }, [title]);
}
