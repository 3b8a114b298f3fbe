import { formatInstant, formatRelative, isUtcZone } from '../../../lib/time';

/** Machine-readable instant for `<time dateTime>`: ISO 8601 in UTC (not shown to people). */
function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * An instant as people need it: absolute in the chosen zone with its offset, then relative wording; the UTC
 * value is in the tooltip and, with `showUtc`, also on its own line when the chosen zone is not UTC.
 */
export function Instant({
  ms,
  zone,
  now,
  relative,
  showUtc = false,
}: {
  ms: number;
  zone: string;
  now: number;
  /** Relative wording; defaults to "in 3 days" / "3 days ago". */
  relative?: string;
  showUtc?: boolean;
}) {
  const utc = formatInstant(ms, 'UTC');
  const inUtc = isUtcZone(zone);
  return (
    <span className="instant">
      <time dateTime={iso(ms)} title={utc} className="instant-abs">
        {formatInstant(ms, zone)}
      </time>
      {showUtc && !inUtc ? <span className="instant-utc muted">{utc}</span> : null}
      <span className="instant-rel">{relative ?? formatRelative(ms, now)}</span>
    </span>
  );
}
