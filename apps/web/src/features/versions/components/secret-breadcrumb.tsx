import { Link } from 'react-router';

/** Back to the secrets list of the account, keeping the list's filters when the list passed them on. */
export function SecretBreadcrumb({
  account,
  listHref,
  secret,
}: {
  account: string;
  listHref: string;
  secret: string;
}) {
  return (
    <nav aria-label="Breadcrumb" className="breadcrumb">
      <ol>
        <li>
          <Link to={listHref}>
            <span aria-hidden="true">← </span>Secrets in {account}
          </Link>
        </li>
        <li aria-current="page">{secret}</li>
      </ol>
    </nav>
  );
}
