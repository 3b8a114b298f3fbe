/**
 * Support for the advance-warning tests through real BFFs: the emulator's main project cut down, through its
 * `/__admin/seed` surface, to a few of the demo seed's enabled secrets whose current versions expire when the
 * test says (every other version without expiry), so the crossings a test expects are the only ones; and a
 * bounded poll.
 */
import type { RunningEmulator } from '@csms-console/csms-emulator';

export const DAY = 86_400_000;

/** Polls `probe` until it returns a value (not undefined) or `timeoutMs` passes (then throws `what`). */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Keeps `count` enabled secrets of the demo project, their SYSCURRENT versions expiring at `expires[i]`, all
 * other versions without expiry. Returns each kept secret with its current version's id.
 */
export async function keepSecrets(
  emulator: Pick<RunningEmulator, 'url' | 'store' | 'projectId'>,
  expires: readonly number[],
): Promise<Array<{ secret: string; version: string }>> {
  const project = structuredClone(emulator.store.project(emulator.projectId)!);
  const kept = Object.values(project.secrets)
    .filter((s) => s.state === 'ENABLED' && s.stages.SYSCURRENT !== undefined)
    .sort((a, b) => a.name.localeCompare(b.name))
    .slice(0, expires.length);
  if (kept.length < expires.length) throw new Error('the demo seed has too few enabled secrets');
  project.secrets = {};
  const out = kept.map((secret, i) => {
    const current = secret.stages.SYSCURRENT!.version_id;
    for (const v of secret.versions) v.expire_time = v.id === current ? expires[i]! : null;
    project.secrets[secret.name] = secret;
    return { secret: secret.name, version: current };
  });
  const res = await fetch(`${emulator.url}/__admin/seed`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ project }),
  });
  if (res.status !== 200) throw new Error(`__admin/seed answered ${res.status}: ${await res.text()}`);
  return out;
}
