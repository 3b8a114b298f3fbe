/** Seed specs: `empty`, `demo`, `scale:N` (1 <= N <= 100000). */
import { emptyProject, type ProjectState } from '../store/model.js';
import { demoProject } from './demo.js';
import { MAX_SCALE, scaleProject } from './scale.js';

export { EXPIRY_EVENT } from './demo.js';
export { scaleSecretName } from './scale.js';

export const SEED_SPECS = ['empty', 'demo', 'scale:N'] as const;

export interface SeedOptions {
  /** The emulator clock's now, epoch ms; every seeded time is relative to it. */
  now: number;
  projectId: string;
}

export function createSeed(spec: string, options: SeedOptions): ProjectState {
  if (spec === 'empty') return emptyProject();
  if (spec === 'demo') return demoProject(options.projectId, options.now);
  const scale = /^scale:(\d{1,6})$/.exec(spec);
  const count = scale ? Number(scale[1]) : NaN;
  if (count >= 1 && count <= MAX_SCALE) return scaleProject(options.projectId, options.now, count);
  throw new Error(`unknown seed "${spec}": use empty, demo or scale:N with 1 <= N <= ${MAX_SCALE}`);
}
