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
        The search stopped before the end of the list
      </p>
      <p>
        The server looks through a limited number of secrets per request and reached that limit.{' '}
        {found === 0 ? 'No matches so far; ' : `${found} ${found === 1 ? 'match' : 'matches'} so far; `}
        more may follow further on. Continue to search the rest.
      </p>
      <button type="button" className="button" aria-disabled={busy} onClick={busy ? undefined : onContinue}>
        Continue searching
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
          ? 'No secrets match these filters.'
          : page > 1
            ? 'This page is empty.'
            : 'This account has no secrets.'}
      </p>
      <p>
        {filtered ? (
          <button type="button" className="button" onClick={onClear}>
            Clear filters
          </button>
        ) : null}{' '}
        {page > 1 ? (
          <button type="button" className="button" onClick={onFirstPage}>
            Back to the first page
          </button>
        ) : null}
      </p>
    </div>
  );
}
