import { t } from '../../../lib/i18n';

/** The BFF stopped scanning at its page cap: say so, with the rows found so far and a way to go on. */
export function TruncatedNotice({
  found,
  busy,
  onContinue,
}: {
  found: number;
  busy: boolean;
  onContinue: () => void;
}) {
  return (
    <div className="notice notice-warn secrets-truncated">
      <p className="notice-title">
        <span aria-hidden="true">⚠ </span>
        {t('secrets.truncated.title')}
      </p>
      <p>{t('secrets.truncated.body', { found })}</p>
      <button type="button" className="button" aria-disabled={busy} onClick={busy ? undefined : onContinue}>
        {t('secrets.truncated.continue')}
      </button>
    </div>
  );
}

/** Nothing on this page: why, and the way out. */
export function EmptyNotice({
  filtered,
  page,
  onClear,
  onFirstPage,
}: {
  filtered: boolean;
  page: number;
  onClear: () => void;
  onFirstPage: () => void;
}) {
  return (
    <div className="notice notice-info secrets-empty">
      <p className="notice-title">
        {filtered
          ? t('secrets.empty.filtered')
          : page > 1
            ? t('secrets.empty.page')
            : t('secrets.empty.account')}
      </p>
      <p>
        {filtered ? (
          <button type="button" className="button" onClick={onClear}>
            {t('secrets.filters.clear')}
          </button>
        ) : null}{' '}
        {page > 1 ? (
          <button type="button" className="button" onClick={onFirstPage}>
            {t('secrets.firstPage')}
          </button>
        ) : null}
      </p>
    </div>
  );
}
