import { Link } from 'react-router';
import { Msg, t } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';

export function NotFoundRoute() {
  useDocumentTitle(t('pages.notFound.title'));
  return (
    <div className="page narrow">
      <h1>{t('pages.notFound.title')}</h1>
      <p>
        <Msg
          id="pages.notFound.body"
          values={{ link: <Link to="/">{t('pages.notFound.toSecrets')}</Link> }}
        />
      </p>
    </div>
  );
}
