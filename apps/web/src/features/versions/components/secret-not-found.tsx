import { Link } from 'react-router';

/** The BFF answered 404 secret_not_found: say plainly what is missing and where to go. */
export function SecretNotFound({
  account,
  secret,
  listHref,
}: {
  account: string;
  secret: string;
  listHref: string;
}) {
  return (
    <div className="notice notice-warn" role="alert">
      <p className="notice-title">
        <span aria-hidden="true">⚠ </span>
        No secret named <code>{secret}</code> in account <code>{account}</code>
      </p>
      <p>It may have been deleted, or the link has a typo.</p>
      <p>
        <Link to={listHref}>Back to the secrets in {account}</Link>
      </p>
    </div>
  );
}
