import { Link } from 'react-router';
import { t } from '../../../lib/i18n';

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
    <nav aria-label={t('versions.breadcrumb.label')} className="breadcrumb">
      <ol>
        <li>
          <Link to={listHref}>
            <span aria-hidden="true">← </span>
            {t('versions.breadcrumb.secretsIn', { account })}
          </Link>
        </li>
        <li aria-current="page">{secret}</li>
      </ol>
    </nav>
  );
}
