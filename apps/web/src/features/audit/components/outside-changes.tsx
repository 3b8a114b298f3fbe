import type { OutsideChange } from '@csms-console/api-contract';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ErrorNotice } from '../../../components/ui/error-notice';
import { Instant } from '../../../components/ui/instant';
import { auditHref } from '../../../lib/audit-href';
import { auditQueries } from '../api/queries';

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
      <h2 id="outside-heading">Changed outside the console</h2>
      <p className="muted">
        Versions whose expiry in CSMS (as the last fleet scan read it) differs from what the console last set.
      </p>
      {accounts === undefined ? (
        <p role="status">Loading the accounts…</p>
      ) : accounts.length === 0 ? (
        <p className="muted">No account to compare.</p>
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
      <h3 id={headingId}>Account {account}</h3>
      {answer.isPending ? (
        <p role="status">Comparing with the last scan…</p>
      ) : answer.isError ? (
        <ErrorNotice error={answer.error} title={`Account ${account} could not be compared`} />
      ) : (
        <>
          <p className="muted" role="status">
            {answer.data.scanned_at === null ? (
              'No fleet scan yet: one is starting, and the comparison follows when it has read the versions.'
            ) : (
              <>
                Compared with the scan started <Instant ms={answer.data.scanned_at} zone={zone} now={now} />
                {answer.data.complete
                  ? '.'
                  : answer.data.listing_error
                    ? ` (it stopped before listing every secret: ${answer.data.listing_error.message} The secrets it did not list are not compared; the console tries again shortly.)`
                    : ' (still running: versions it has not read yet are not compared).'}
              </>
            )}
          </p>
          {answer.data.items.length === 0 ? (
            answer.data.scanned_at === null ? null : (
              <p>
                {answer.data.complete
                  ? 'No version differs from what the console set.'
                  : 'No difference found so far.'}
              </p>
            )
          ) : (
            <OutsideTable account={account} items={answer.data.items} zone={zone} now={now} />
          )}
        </>
      )}
    </section>
  );
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
  return (
    <div className="table-scroll">
      <table className="data-table outside-table">
        <caption className="visually-hidden">
          Versions of account {account} changed outside the console, {items.length}
        </caption>
        <thead>
          <tr>
            <th scope="col">Secret / version</th>
            <th scope="col">Expiry in CSMS now</th>
            <th scope="col">Expiry the console set</th>
            <th scope="col">Set by the console</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={`${item.secret}/${item.version}`}>
              <th scope="row">
                <Link
                  to={`/accounts/${encodeURIComponent(account)}/secrets/${encodeURIComponent(item.secret)}`}
                >
                  {item.secret}
                </Link>{' '}
                / <code>{item.version}</code>
              </th>
              <td>
                <Instant ms={item.current_expire_time} zone={zone} now={now} relative={false} showUtc />
              </td>
              <td>
                <Instant ms={item.console_expire_time} zone={zone} now={now} relative={false} showUtc />
              </td>
              <td>
                <Instant ms={item.console_set_at} zone={zone} now={now} />
                <br />
                by {item.console_actor ?? <span className="muted">unknown</span>} (
                <Link to={auditHref({ entry: item.console_entry })}>entry {item.console_entry}</Link>)
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
