import { useQuery } from '@tanstack/react-query';
import { ErrorNotice } from '../../../components/ui/error-notice';
import { Msg, t, type MessageKey } from '../../../lib/i18n';
import { formatInstant } from '../../../lib/time';
import { auditQueries } from '../api/queries';

/** The BFF's words for a break (apps/bff/src/store/audit-verify.ts), each explained in the user's language. */
const PROBLEMS: Record<string, MessageKey> = {
  'seq gap': 'audit.chain.problem.seqGap',
  'prev_hash does not match the previous row': 'audit.chain.problem.prevHash',
  'hash mismatch': 'audit.chain.problem.hashMismatch',
  'rows missing at the end (audit_head is ahead)': 'audit.chain.problem.rowsMissing',
  'audit_head does not match the last row': 'audit.chain.problem.headMismatch',
};

/** What broke, explained when the BFF's wording is known, and always as recorded (what support searches for). */
function Problem({ problem }: { problem: string }) {
  const key = Object.hasOwn(PROBLEMS, problem) ? PROBLEMS[problem] : undefined;
  return (
    <>
      {key ? <>{t(key)} </> : null}
      <code>{problem}</code>
    </>
  );
}

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
      <h2 id="chain-heading">{t('audit.chain.heading')}</h2>
      {/* Each state announces itself once: checking and intact politely (status), a break at once (alert). */}
      <div aria-busy={checking}>
        {verify.isError ? (
          <ErrorNotice error={verify.error} title={t('audit.chain.error')} />
        ) : !result ? (
          <p role="status">{t('audit.chain.checking')}</p>
        ) : result.intact ? (
          <div className="notice notice-ok" role="status">
            <p className="notice-title">
              <span aria-hidden="true">✓ </span>
              {t('audit.chain.intact', { count: result.rows_checked })}
            </p>
            <p>
              {result.head_hash ? (
                <Msg
                  id="audit.chain.intactHead"
                  values={{
                    head: <code title={result.head_hash}>{result.head_hash.slice(0, 16)}…</code>,
                  }}
                />
              ) : (
                t('audit.chain.intactEmpty')
              )}{' '}
              {verify.dataUpdatedAt ? (
                <span className="muted">
                  {t('audit.chain.checkedAt', { time: formatInstant(verify.dataUpdatedAt, zone) })}
                </span>
              ) : null}
            </p>
          </div>
        ) : (
          <div className="notice notice-error" role="alert">
            <p className="notice-title">
              <span aria-hidden="true">✗ </span>
              {t('audit.chain.broken', { seq: result.first_broken?.seq ?? '?' })}
            </p>
            {result.first_broken ? (
              <dl className="facts">
                <dt>{t('audit.chain.row')}</dt>
                <dd>
                  <Msg
                    id="audit.chain.rowValue"
                    values={{ seq: result.first_broken.seq, id: <code>{result.first_broken.id}</code> }}
                  />
                </dd>
                <dt>{t('audit.chain.problemLabel')}</dt>
                <dd>
                  <Problem problem={result.first_broken.problem} />
                </dd>
              </dl>
            ) : null}
            <p>{t('audit.chain.brokenDetail', { count: result.rows_checked })}</p>
          </div>
        )}
      </div>
      <button
        type="button"
        className="button small"
        disabled={checking}
        onClick={() => void verify.refetch()}
      >
        {checking ? t('audit.chain.verifying') : t('audit.chain.verify')}
      </button>
    </section>
  );
}
