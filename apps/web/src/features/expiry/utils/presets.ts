/**
 * The preset buttons of the expiry editor: each one's instant and, when it cannot be used, why. Presets are
 * relative to "now" on the BFF's clock, in the zone the editor shows.
 */
import type { Version } from '@csms-console/api-contract';
import { t } from '../../../lib/i18n';
import { addDaysPreset, addYearsPreset, endOfQuarter, floorToSecond } from '../../../lib/time';
import { validateExpiry, type ExpiryContext } from './rules';

export type PresetId = 'plus30Days' | 'plus90Days' | 'plus1Year' | 'endOfQuarter' | 'sameAsLive';

export interface Preset {
  id: PresetId;
  /** The button's text in the active language (`+30 days`). */
  label: string;
  /** The instant the preset sets, or null when it has none (e.g. no SYSCURRENT version). */
  ms: number | null;
  /** Why the preset is unavailable; undefined when it can be used. */
  unavailable?: string;
}

const LIVE_STAGE = 'SYSCURRENT';

function sameAsLive(version: Version, versions: readonly Version[]): Pick<Preset, 'ms' | 'unavailable'> {
  const live = versions.find((v) => v.version_stages.includes(LIVE_STAGE));
  if (!live) return { ms: null, unavailable: t('expiry.presets.noLive') };
  if (live.id === version.id) return { ms: null, unavailable: t('expiry.presets.isLive') };
  if (live.expire_time === null)
    return { ms: null, unavailable: t('expiry.presets.liveNoExpiry', { id: live.id }) };
  return { ms: floorToSecond(live.expire_time) };
}

const preset = (id: PresetId, rest: Pick<Preset, 'ms' | 'unavailable'>): Preset => ({
  id,
  label: t(`expiry.presets.${id}`),
  ...rest,
});

export function buildPresets(input: {
  version: Version;
  versions: readonly Version[];
  zone: string;
  ctx: ExpiryContext;
}): Preset[] {
  const { version, versions, zone, ctx } = input;
  const { now } = ctx;
  const presets: Preset[] = [
    preset('plus30Days', { ms: addDaysPreset(now, 30) }),
    preset('plus90Days', { ms: addDaysPreset(now, 90) }),
    preset('plus1Year', { ms: addYearsPreset(now, 1, zone) }),
    preset('endOfQuarter', { ms: endOfQuarter(now, zone) }),
    preset('sameAsLive', sameAsLive(version, versions)),
  ];
  return presets.map((preset) => {
    if (preset.ms === null || preset.unavailable !== undefined) return preset;
    const [problem] = validateExpiry(preset.ms, ctx);
    return problem === undefined ? preset : { ...preset, unavailable: problem };
  });
}
