import { t } from '../../../lib/i18n';
import { formatInstant } from '../../../lib/time';
import { overlapOptionText } from '../utils/dst';

/** The first radio button, for focus when Review is pressed before a pick. */
export const OVERLAP_FIRST_ID = 'expiry-overlap-first';
const ERROR_ID = 'expiry-overlap-error';

/**
 * The typed wall time happens twice in the zone (the clocks go back): both instants as radio buttons, each
 * with its offset and its UTC value. None is chosen for the user: until they pick, the preview shows no
 * instant and Review asks for the pick. (An instant the editor set itself, the current expiry or a preset,
 * comes picked, since it names one of the two.)
 */
export function ExpiryOverlapPick({
  overlap,
  date,
  time,
  zone,
  error,
  onPick,
}: {
  overlap: { instants: [number, number]; picked: number | null };
  date: string;
  time: string;
  zone: string;
  error: string | undefined;
  onPick: (ms: number) => void;
}) {
  const which = ['first', 'second'] as const;
  return (
    <fieldset className="expiry-overlap" aria-describedby={error ? ERROR_ID : undefined}>
      <legend>{t('expiry.dst.overlapLegend', { time: time.trim(), date: date.trim(), zone })}</legend>
      {overlap.instants.map((ms, i) => (
        <label key={ms} className="expiry-overlap-option">
          <input
            type="radio"
            name="expiry-overlap"
            id={i === 0 ? OVERLAP_FIRST_ID : undefined}
            checked={overlap.picked === ms}
            onChange={() => onPick(ms)}
          />
          <span>
            {overlapOptionText(ms, zone, which[i] ?? 'second')}{' '}
            <span className="muted mono">{formatInstant(ms, 'UTC')}</span>
          </span>
        </label>
      ))}
      {error ? (
        <p id={ERROR_ID} className="field-error">
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
