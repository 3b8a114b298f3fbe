/**
 * Where the services live in this repository. Paths, not imports: nothing imports from `apps/*`, and a
 * process is started from its own directory, so it resolves its own dependencies (tsx among them).
 */
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url)).replace(/\/$/, '');
export const BFF_DIR = `${REPO_ROOT}/apps/bff`;
/** The BFF's own tsx binary, for its CLIs (`src/cli/users.ts`). */
export const BFF_TSX = `${BFF_DIR}/node_modules/.bin/tsx`;
export const EMULATOR_DIR = `${REPO_ROOT}/packages/csms-emulator`;
export const EMULATOR_CLI = `${EMULATOR_DIR}/src/cli.ts`;
