// Every web test starts in English, the catalogues compiled as in the app (`?lingui`, @lingui/vite-plugin).
import { beforeAll } from 'vitest';
import { activateLocale } from '../lib/i18n';

beforeAll(async () => {
  await activateLocale('en');
});
