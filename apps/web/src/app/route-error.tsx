import { useEffect } from 'react';
import { Link, useRouteError } from 'react-router';
import { LanguageSwitch } from '../components/ui/language-switch';
import { t } from '../lib/i18n';

/**
 * A page's code that failed to load: after a deploy, the chunk names the open page knew are gone (Chrome:
 * "Failed to fetch dynamically imported module", Firefox: "error loading dynamically imported module",
 * Safari: "Importing a module script failed"; Vite's preload: "Unable to preload CSS").
 */
export function isChunkLoadError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : '';
  return /dynamically imported module|Importing a module script failed|Unable to preload CSS/i.test(message);
}

/**
 * What the router shows when a page throws while rendering or its code cannot be loaded. Inside the shell
 * (the default) it takes the page's place only: the header, the navigation and the way out stay, and a link
 * or Reload gets the user going again. `standalone` is the last resort when the shell itself failed.
 */
export function RouteError({ standalone = false }: { standalone?: boolean }) {
  const error = useRouteError();
  const chunk = isChunkLoadError(error);
  useEffect(() => {
    console.error('page failed', error);
  }, [error]);
  const body = (
    <div className="page narrow route-error">
      <div className="notice notice-error" role="alert">
        <p className="notice-title">
          <span aria-hidden="true">⚠ </span>
          {chunk ? t('app.routeError.chunkTitle') : t('app.routeError.title')}
        </p>
        <p>{chunk ? t('app.routeError.chunk') : t('app.routeError.body')}</p>
      </div>
      <p className="route-error-actions">
        <button type="button" className="button primary" onClick={() => window.location.reload()}>
          {t('app.routeError.reload')}
        </button>{' '}
        {standalone ? null : <Link to="/">{t('app.routeError.home')}</Link>}
      </p>
    </div>
  );
  if (!standalone) return body;
  return (
    <>
      <header className="app-header">
        <span className="brand">{t('app.brand')}</span>
        <LanguageSwitch />
      </header>
      <main id="main">{body}</main>
    </>
  );
}
