import { t } from '../../../lib/i18n';

/**
 * Previous / Next as real buttons, with where you are and how many rows this page shows. Unavailable buttons
 * are `aria-disabled` rather than `disabled`, so the one just pressed keeps keyboard focus while a page loads
 * or when it reaches the last page.
 */
export function SecretsPager({
  page,
  rows,
  summaryId,
  canGoBack,
  canGoForward,
  busy,
  onPrevious,
  onNext,
}: {
  page: number;
  rows: number;
  summaryId: string;
  canGoBack: boolean;
  canGoForward: boolean;
  busy: boolean;
  onPrevious: () => void;
  onNext: () => void;
}) {
  const backOff = !canGoBack || busy;
  const forwardOff = !canGoForward || busy;
  return (
    <nav className="secrets-pager" aria-label={t('secrets.pager.label')}>
      <button
        type="button"
        className="button"
        aria-disabled={backOff}
        onClick={backOff ? undefined : onPrevious}
      >
        <span aria-hidden="true">←</span> {t('secrets.pager.previous')}
      </button>
      <p id={summaryId} className="secrets-page-summary">
        {t('secrets.pager.summary', { page, rows })}
      </p>
      <button
        type="button"
        className="button"
        aria-disabled={forwardOff}
        onClick={forwardOff ? undefined : onNext}
      >
        {t('secrets.pager.next')} <span aria-hidden="true">→</span>
      </button>
    </nav>
  );
}
