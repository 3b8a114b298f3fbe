/**
 * Lingui's view of our catalogues: one keyed JSON file per locale (`src/locales/<locale>.json`, ICU
 * MessageFormat values). We write the keys ourselves (no extraction); `@lingui/vite-plugin` compiles the file
 * the app imports with `?lingui`, so the browser gets precompiled messages and no ICU parser.
 */
import { defineConfig } from '@lingui/conf';
import { formatter } from '@lingui/format-json';

export default defineConfig({
  sourceLocale: 'en',
  locales: ['en', 'zh-CN'],
  catalogs: [{ path: '<rootDir>/src/locales/{locale}', include: ['src'] }],
  format: formatter({ style: 'minimal' }),
});
