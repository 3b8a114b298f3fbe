/**
 * What a failure means, in the user's language, chosen by its stable code. The BFF's `message` stays English
 * (for logs and API users); the SPA says each code in its own words (`errors.<code>` in the catalogues, one
 * for every code of the contract; `catalogs.test.ts` checks both languages have them all).
 */
import { isApiError } from './api-client';
import { t } from './i18n';

export function errorText(error: unknown): string {
  return isApiError(error) ? t(`errors.${error.code}`) : t('errors.unexpected');
}
