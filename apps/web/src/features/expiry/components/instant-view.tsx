import { browserZone, formatInstant, formatRelative, isUtcZone } from '../../../lib/time';

/**
 * One instant as a security admin needs to read it: the browser's zone (named), UTC and, optionally, how far
 * from now. `null` is "no expiry". Rendered as rows of the surrounding `<dl>`'s `<dd>`.
 */
export function InstantView({
  ms,
  now,
  relative = true,
}: {
  ms: number | null;
  now: number;
  relative?: boolean;
}) {
  if (ms === null) return <span>No expiry</span>;
  const local = browserZone();
  return (
    <span className="instant-view">
      {isUtcZone(local) ? null : (
        <span>
          <span className="instant-zone">Local ({local})</span>{' '}
          <span className="mono">{formatInstant(ms, local)}</span>
        </span>
      )}
      <span>
        <span className="instant-zone">{isUtcZone(local) ? 'UTC (also this browser’s zone)' : 'UTC'}</span>{' '}
        <span className="mono">{formatInstant(ms, 'UTC')}</span>
      </span>
      {relative ? <span className="muted">{formatRelative(ms, now)}</span> : null}
    </span>
  );
}
