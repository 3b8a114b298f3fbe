/** Seeds by name (`empty`, `demo`, `scale:N`), built by `src/seed/` relative to the emulator clock. */
import { createSeed } from './seed/index.js';
import type { ProjectState } from './store/model.js';

/** Throws an Error naming the valid specs on an unknown one. */
export function seedProject(spec: string, now: number, projectId: string): ProjectState {
  return createSeed(spec, { now, projectId });
}
