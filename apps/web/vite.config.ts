import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { compression } from 'vite-plugin-compression2';
import { catalogParts } from './build/catalog-parts.ts';
import { initialJsBudget } from './build/initial-js-budget.ts';

// `pnpm dev` proxies the BFF's paths, so the SPA is same-origin in development as it is when the BFF serves it.
const bff = process.env.BFF_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [
    react(),
    // The catalogues, precompiled, in two parts: the entry's words and the lazily loaded pages' words.
    catalogParts(),
    initialJsBudget(),
    // `.br` (quality 11) and `.gz` (level 9) beside each text file, originals kept; the BFF picks one per
    // request (apps/bff/src/http/spa.ts). Skipped where compressing does not make a file smaller.
    compression({
      include: /\.(js|mjs|css|html|svg|json)$/,
      algorithms: ['brotliCompress', 'gzip'],
      deleteOriginalAssets: false,
    }),
  ],
  build: {
    target: 'es2022',
    // The budget (initial JS <= 200 KB gzip) is checked by `pnpm bench --only web`; the build reports sizes.
    reportCompressedSize: true,
    sourcemap: false,
    rollupOptions: {
      output: {
        // What every page shares (React, the router, react-query, zod, Lingui, date-fns, lib/ and
        // components/ui) is one chunk rather than a dozen of 1-2 kB: each response costs about 1 kB of
        // headers, which for small chunks was more than their code. The pages stay chunks of their own.
        // Not the notifications page's api/ (one page uses it): it and the contract's rule, channel and
        // delivery schemas come with that page, off the secrets list's cold load (the 150 KB wire budget).
        // Nor lib/session-draft.ts: only the expiry editor and the notifications page keep drafts.
        codeSplitting: {
          groups: [
            {
              name: 'shared',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router|@tanstack[\\/](react-query|query-core)|zod|@lingui|@date-fns)[\\/]|node_modules[\\/]date-fns[\\/](?!locale)|[\\/]src[\\/](lib[\\/](?!session-draft\.)|components[\\/]ui[\\/])|[\\/]features[\\/](?!notify[\\/])[^\\/]+[\\/]api[\\/]/,
            },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': bff, '/bff': bff },
  },
});
