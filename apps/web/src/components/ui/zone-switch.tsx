import { t } from '../../lib/i18n';
import { browserZone, type ZoneChoice } from '../../lib/time';

/** Browser zone or UTC, as two radio buttons: reachable by keyboard (arrows) and mouse alike. */
export function ZoneSwitch({
  choice,
  onChange,
  name = 'zone-choice',
  legend,
}: {
  choice: ZoneChoice;
  onChange: (c: ZoneChoice) => void;
  name?: string;
  legend?: string;
}) {
  const local = browserZone();
  return (
    <fieldset className="zone-switch">
      <legend>{legend ?? t('zone.legend')}</legend>
      <label>
        <input
          type="radio"
          name={name}
          value="local"
          checked={choice === 'local'}
          onChange={() => onChange('local')}
        />
        {t('zone.local', { zone: local })}
      </label>
      <label>
        <input
          type="radio"
          name={name}
          value="utc"
          checked={choice === 'utc'}
          onChange={() => onChange('utc')}
        />
        {t('zone.utc')}
      </label>
    </fieldset>
  );
}
