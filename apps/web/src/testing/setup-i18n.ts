// Every web test starts in English, with every page's words, the catalogues compiled as in the app.
import { beforeAll } from 'vitest';
import { activateLocale, loadPageMessages } from '../lib/i18n';

beforeAll(async () => {
  await activateLocale('en');
  await loadPageMessages();
});
