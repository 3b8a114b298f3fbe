import {
  ErrorCodeSchema,
  type OutsideChange,
  type OutsideChanges as Answer,
} from '@csms-console/api-contract';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ErrorNotice } from '../../../components/ui/error-notice';
import { Instant } from '../../../components/ui/instant';
import { auditHref } from '../../../lib/audit-href';
import { Msg, t } from '../../../lib/i18n';
import { auditQueries } from '../api/queries';
import { secretHref } from '../../../lib/secret-href';

/**
 * "Changed outside the console": per account, the versions whose expiry in the newest fleet scan is not what
 * the console last set (someone used the cloud console or the API directly). The chain cannot show this:
 * it only knows what went through the console.
 */
export function OutsideChanges({
  accounts,
  zone,
  now,
}: {
  /** Undefined while the account list loads. */
  accounts: string[] | undefined;
  zone: string;
  now: number;
}) {
  return (
    <section className="outside-changes" aria-labelledby="outside-heading">
      <h2 id="outside-heading">{t('audit.outside.heading')}</h2>
      <p className="muted">{t('audit.outside.intro')}</p>
      {accounts === undefined ? (
        <p role="status">{t('audit.outside.loadingAccounts')}</p>
      ) : accounts.length === 0 ? (
        <p className="muted">{t('audit.outside.noAccount')}</p>
      ) : null}
      {accounts?.map((account) => (
        <AccountOutside key={account} account={account} zone={zone} now={now} />
      ))}
    </section>
  );
}

function AccountOutside({ account, zone, now }: { account: string; zone: string; now: number }) {
  const answer = useQuery(auditQueries.outside(account));
  // Prefixed: an account may be named like another id on the page (`outside-heading`).
  const headingId = `outside-account-${account}`;
  return (
    <section aria-labelledby={headingId} className="outside-account">
      <h3 id={headingId}>{t('audit.outside.account', { account })}</h3>
      {answer.isPending ? (
        <p role="status">{t('audit.outside.comparing')}</p>
      ) : answer.isError ? (
        <ErrorNotice error={answer.error} title={t('audit.outside.error', { account })} />
      ) : (
        <>
          <p className="muted" role="status">
            <ScanState answer={answer.data} zone={zone} now={now} />
          </p>
          {answer.data.items.length === 0 ? (
            answer.data.scanned_at === null ? null : (
              <p>{answer.data.complete ? t('audit.outside.noneDiffer') : t('audit.outside.noneSoFar')}</p>
            )
          ) : (
            <OutsideTable account={account} items={answer.data.items} zone={zone} now={now} />
          )}
        </>
      )}
    </section>
  );
}

/** Which scan the comparison is with, and what it could not compare yet (still running, or stopped). */
function ScanState({ answer, zone, now }: { answer: Answer; zone: string; now: number }) {
  if (answer.scanned_at === null) return t('audit.outside.noScan');
  const when = <Instant ms={answer.scanned_at} zone={zone} now={now} />;
  if (answer.complete) return <Msg id="audit.outside.compared" values={{ when }} />;
  if (!answer.listing_error) return <Msg id="audit.outside.comparedRunning" values={{ when }} />;
  // The scan's failure by its code, in the user's words (the BFF's own message stays English).
  const code = ErrorCodeSchema.safeParse(answer.listing_error.code);
  const error = code.success ? t(`errors.${code.data}`) : t('errors.unexpected');
  return <Msg id="audit.outside.comparedStopped" values={{ when, error }} />;
}

function OutsideTable({
  account,
  items,
  zone,
  now,
}: {
  account: string;
  items: OutsideChange[];
  zone: string;
  now: number;
}) {
  // Each cell names its column too, for the cards a phone shows (styles.css, audit block).
  const names = {
    target: t('audit.table.target'),
    csmsNow: t('audit.outside.csmsNow'),
    consoleSet: t('audit.outside.consoleSet'),
    setBy: t('audit.outside.setBy'),
  };
  return (
    <div className="table-scroll">
      <table className="data-table outside-table">
        <caption className="visually-hidden">
          {t('audit.outside.caption', { account, count: items.length })}
        </caption>
        <thead>
          <tr>
            {Object.values(names).map((name) => (
              <th key={name} scope="col">
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={`${item.secret}/${item.version}`}>
              <th scope="row" data-label={names.target}>
                <Link to={secretHref(account, item.secret)}>{item.secret}</Link> / <code>{item.version}</code>
              </th>
              <td data-label={names.csmsNow}>
                <Instant ms={item.current_expire_time} zone={zone} now={now} relative={false} showUtc />
              </td>
              <td data-label={names.consoleSet}>
                <Instant ms={item.console_expire_time} zone={zone} now={now} relative={false} showUtc />
              </td>
              <td data-label={names.setBy}>
                <Instant ms={item.console_set_at} zone={zone} now={now} />
                <br />
                <Msg
                  id="audit.outside.by"
                  values={{
                    actor: item.console_actor ?? (
                      <span className="muted">{t('audit.outside.unknownActor')}</span>
                    ),
                    entry: (
                      <Link to={auditHref({ entry: item.console_entry })}>
                        {t('audit.outside.entry', { id: item.console_entry })}
                      </Link>
                    ),
                  }}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
