import type { ReactNode } from 'react';
import { t } from '../../lib/i18n';
import { browserZone, formatInstant, formatRelative, isUtcZone } from '../../lib/time';

/** How a line names its zone when `labelled`: the browser's own zone is "Local (…)". */
function zoneName(zone: string): string {
  if (zone !== browserZone()) return zone;
  return isUtcZone(zone) ? t('instant.utcIsLocal') : t('zone.local', { zone });
}

/**
 * One instant as people need to read it: absolute in `zone` with its offset (a `<time>` whose tooltip is
 * the UTC value), the UTC value on its own line with `showUtc` (never twice), then how far from now. The
 * table writes it compactly in the page's zone; the expiry editor writes every line `labelled` with its zone
 * (the browser's by default), since what is saved must read the same whatever the editor shows. `null` is
 * "no expiry" (or `none`).
 */
export function Instant({
  ms,
  now,
  zone = browserZone(),
  relative,
  showUtc = false,
  labelled = false,
  none,
}: {
  ms: number | null;
  now: number;
  zone?: string;
  /** Relative wording, e.g. "expires in 3 days"; defaults to "in 3 days" / "3 days ago"; false for none. */
  relative?: string | false;
  showUtc?: boolean;
  labelled?: boolean;
  none?: ReactNode;
}) {
  if (ms === null) return <span className="instant-none">{none ?? t('expiryStatus.no_expiry')}</span>;
  const utc = formatInstant(ms, 'UTC');
  const label = (name: string) =>
    labelled ? (
      <>
        <span className="instant-zone">{name}</span>{' '}
      </>
    ) : null;
  return (
    <span className={labelled ? 'instant instant-labelled' : 'instant'}>
      <span className="instant-line">
        {label(zoneName(zone))}
        <time dateTime={new Date(ms).toISOString()} title={utc} className="instant-abs">
          {formatInstant(ms, zone)}
        </time>
      </span>
      {showUtc && !isUtcZone(zone) ? (
        <span className={labelled ? 'instant-line instant-abs' : 'instant-utc muted'}>
          {label('UTC')}
          {utc}
        </span>
      ) : null}
      {relative === false ? null : <span className="instant-rel">{relative ?? formatRelative(ms, now)}</span>}
    </span>
  );
}
