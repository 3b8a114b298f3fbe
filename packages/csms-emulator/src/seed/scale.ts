/** The `scale:N` seed: N uniform secrets for benchmarks, each with 3 versions and a 90-day expiry on the current. */
import type { ProjectState } from '../store/model.js';
import { DAY, buildSecret, toSecond } from './build.js';
import { seededRandom } from './random.js';

export const MAX_SCALE = 100_000;

export const scaleSecretName = (i: number): string => `scale-secret-${String(i).padStart(6, '0')}`;

export function scaleProject(projectId: string, now: number, count: number): ProjectState {
  const random = seededRandom(`scale:${count}:${projectId}`);
  const secrets: ProjectState['secrets'] = {};
  for (let i = 1; i <= count; i++) {
    const name = scaleSecretName(i);
    secrets[name] = buildSecret(
      {
        name,
        state: 'ENABLED',
        description: `Benchmark secret ${i} of ${count}.`,
        versions: [
          { expireTime: null },
          { expireTime: toSecond(now + 30 * DAY) },
          { expireTime: toSecond(now + 90 * DAY) },
        ],
      },
      random,
      now,
    );
  }
  return { secrets, events: {}, records: [] };
}
