import { Link } from 'react-router';
import { Msg, t } from '../../../lib/i18n';

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
        <Msg
          id="versions.notFound.title"
          values={{ secret: <code>{secret}</code>, account: <code>{account}</code> }}
        />
      </p>
      <p>{t('versions.notFound.body')}</p>
      <p>
        <Link to={listHref}>{t('versions.notFound.back', { account })}</Link>
      </p>
    </div>
  );
}
