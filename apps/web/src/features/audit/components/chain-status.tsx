import { useQuery } from '@tanstack/react-query';
import { ErrorNotice } from '../../../components/ui/error-notice';
import { formatInstant } from '../../../lib/time';
import { auditQueries } from '../api/queries';

/**
 * The hash chain's state in one sentence: intact with how many rows were checked, or the first row that
 * breaks it. "Verify now" walks the chain again (the BFF records each check in the log itself).
 */
export function ChainStatus({ zone }: { zone: string }) {
  const verify = useQuery(auditQueries.verify());
  const checking = verify.isFetching;
  const result = verify.data;
  return (
    <section className="chain-status" aria-labelledby="chain-heading">
      <h2 id="chain-heading">Hash chain</h2>
      {/* Each state announces itself once: checking and intact politely (status), a break at once (alert). */}
      <div aria-busy={checking}>
        {verify.isError ? (
          <ErrorNotice error={verify.error} title="The chain could not be checked" />
        ) : !result ? (
          <p role="status">Checking the chain…</p>
        ) : result.intact ? (
          <div className="notice notice-ok" role="status">
            <p className="notice-title">
              <span aria-hidden="true">✓ </span>Intact: {result.rows_checked}{' '}
              {result.rows_checked === 1 ? 'row' : 'rows'} checked
            </p>
            <p>
              Every row still hashes to the next one up to the head
              {result.head_hash ? (
                <>
                  {' '}
                  (<code title={result.head_hash}>{result.head_hash.slice(0, 16)}…</code>)
                </>
              ) : null}
              .{' '}
              {verify.dataUpdatedAt ? (
                <span className="muted">Checked {formatInstant(verify.dataUpdatedAt, zone)}.</span>
              ) : null}
            </p>
          </div>
        ) : (
          <div className="notice notice-error" role="alert">
            <p className="notice-title">
              <span aria-hidden="true">✗ </span>Broken at row {result.first_broken?.seq ?? '?'}
            </p>
            {result.first_broken ? (
              <dl className="facts">
                <dt>Row</dt>
                <dd>
                  seq {result.first_broken.seq}, id <code>{result.first_broken.id}</code>
                </dd>
                <dt>Problem</dt>
                <dd>{result.first_broken.problem}</dd>
              </dl>
            ) : null}
            <p>
              {result.rows_checked} {result.rows_checked === 1 ? 'row' : 'rows'} checked. A row was changed or
              removed after it was written: rows from this one on cannot be trusted as recorded.
            </p>
          </div>
        )}
      </div>
      <button
        type="button"
        className="button small"
        disabled={checking}
        onClick={() => void verify.refetch()}
      >
        {checking ? 'Verifying…' : 'Verify now'}
      </button>
    </section>
  );
}
