import { useEffect } from 'react';
import { t } from './i18n';

/** Each page names itself in the tab and for screen readers' page announcements. */
export function useDocumentTitle(title: string): void {
  const brand = t('app.brand');
  useEffect(() => {
    document.title = `${title} · ${brand}`;
  }, [title, brand]);
}
