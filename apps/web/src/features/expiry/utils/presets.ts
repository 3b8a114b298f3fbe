/**
 * The preset buttons of the expiry editor: each one's instant and, when it cannot be used, why. Presets are
 * relative to "now" on the BFF's clock, in the zone the editor shows.
 */
import type { Version } from '@csms-console/api-contract';
import { addDaysPreset, addYearsPreset, endOfQuarter, floorToSecond } from '../../../lib/time';
import { validateExpiry, type ExpiryContext } from './rules';

export interface Preset {
  label: string;
  /** The instant the preset sets, or null when it has none (e.g. no SYSCURRENT version). */
  ms: number | null;
  /** Why the preset is unavailable; undefined when it can be used. */
  unavailable?: string;
}

const LIVE_STAGE = 'SYSCURRENT';

function sameAsLive(version: Version, versions: readonly Version[]): Omit<Preset, 'label'> {
  const live = versions.find((v) => v.version_stages.includes(LIVE_STAGE));
  if (!live) return { ms: null, unavailable: 'No version of this secret carries SYSCURRENT.' };
  if (live.id === version.id) return { ms: null, unavailable: 'This version is SYSCURRENT itself.' };
  if (live.expire_time === null) return { ms: null, unavailable: `SYSCURRENT (${live.id}) has no expiry.` };
  return { ms: floorToSecond(live.expire_time) };
}

export function buildPresets(input: {
  version: Version;
  versions: readonly Version[];
  zone: string;
  ctx: ExpiryContext;
}): Preset[] {
  const { version, versions, zone, ctx } = input;
  const { now } = ctx;
  const presets: Preset[] = [
    { label: '+30 days', ms: addDaysPreset(now, 30) },
    { label: '+90 days', ms: addDaysPreset(now, 90) },
    { label: '+1 year', ms: addYearsPreset(now, 1, zone) },
    { label: 'End of quarter', ms: endOfQuarter(now, zone) },
    { label: 'Same as SYSCURRENT', ...sameAsLive(version, versions) },
  ];
  return presets.map((preset) => {
    if (preset.ms === null || preset.unavailable !== undefined) return preset;
    const [problem] = validateExpiry(preset.ms, ctx);
    return problem === undefined ? preset : { ...preset, unavailable: problem };
  });
}
