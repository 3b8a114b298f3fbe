/**
 * Vite plugin: after each production build, print the initial JavaScript (the entry chunk and every chunk it
 * imports statically, i.e. what the browser must fetch before the first screen) gzip-compressed, against the
 * budget, and brotli-compressed (what the BFF sends a browser; for information). Over budget fails the
 * build. `pnpm bench --only web` checks the built files independently, and measures the bytes on the wire.
 */
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Logger, Plugin } from 'vite';

/** 200 kB as Vite reports sizes (1 kB = 1000 bytes), the stricter reading of "200 KB". */
export const INITIAL_JS_BUDGET_BYTES = 200_000;

interface ChunkLike {
  type: 'chunk';
  isEntry: boolean;
  imports: string[];
  code: string;
}

export function initialJsBudget(budgetBytes = INITIAL_JS_BUDGET_BYTES): Plugin {
  let logger: Logger | undefined;
  return {
    name: 'initial-js-budget',
    apply: 'build',
    configResolved(config) {
      logger = config.logger;
    },
    generateBundle(_options, bundle) {
      const chunks = new Map<string, ChunkLike>();
      for (const [fileName, output] of Object.entries(bundle)) {
        if (output.type === 'chunk') chunks.set(fileName, output);
      }
      const initial = new Set<string>();
      const visit = (fileName: string) => {
        if (initial.has(fileName)) return;
        const chunk = chunks.get(fileName);
        if (!chunk) return;
        initial.add(fileName);
        chunk.imports.forEach(visit);
      };
      for (const [fileName, chunk] of chunks) if (chunk.isEntry) visit(fileName);
      let total = 0;
      let brotli = 0;
      for (const fileName of initial) {
        const code = chunks.get(fileName)!.code;
        total += gzipSync(code).length;
        // Quality 11, as the build's `.br` files (vite-plugin-compression2's default).
        brotli += brotliCompressSync(code, {
          params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY },
        }).length;
      }
      const kb = (n: number) => `${(n / 1000).toFixed(2)} kB`;
      const line = `initial JS: ${kb(total)} gzip (${kb(brotli)} brotli) in ${initial.size} chunk(s), budget ${kb(budgetBytes)} gzip`;
      if (total > budgetBytes) this.error(`${line}: over budget`);
      (logger ?? console).info(`\n${line}`);
    },
  };
}
