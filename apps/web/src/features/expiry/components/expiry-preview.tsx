import { useId } from 'react';
import { formatInstant } from '../../../lib/time';
import { csmsRequestBody } from '../utils/rules';
import { Instant } from '../../../components/ui/instant';

/** The exact body the BFF sends to CSMS for `ms`, labelled so nobody has to guess the unit. */
export function RequestBody({ ms }: { ms: number }) {
  const captionId = useId();
  return (
    // Named by its caption explicitly too: not every assistive technology derives it from <figcaption>.
    <figure className="request-body" aria-labelledby={captionId}>
      <figcaption id={captionId}>CSMS request body</figcaption>
      <pre>
        <code>{csmsRequestBody(ms)}</code>
      </pre>
      <p className="field-hint">expire_time is epoch milliseconds; CSMS keeps whole seconds.</p>
    </figure>
  );
}

/** Before -> after in the editor's zone, e.g. `2026-12-05 14:30:00 UTC+01:00 → 2027-01-31 00:00:00 UTC+01:00`. */
export function BeforeAfter({ before, after, zone }: { before: number | null; after: number; zone: string }) {
  return (
    <p className="before-after mono">
      <span>{before === null ? 'no expiry' : formatInstant(before, zone)}</span>
      <span aria-hidden="true"> → </span>
      <span className="visually-hidden"> changes to </span>
      <span>{formatInstant(after, zone)}</span>
      {before === after ? <span className="muted"> (no change)</span> : null}
    </p>
  );
}

/** Live (polite) preview of the chosen instant while the user edits. */
export function ExpiryPreview({
  ms,
  current,
  zone,
  now,
}: {
  ms: number | null;
  current: number | null;
  zone: string;
  now: number;
}) {
  return (
    <section className="expiry-preview" aria-labelledby="expiry-preview-title" aria-live="polite">
      <h3 id="expiry-preview-title">Preview</h3>
      {ms === null ? (
        <p className="muted">Enter a valid date and time to see the new expiry.</p>
      ) : (
        <>
          <dl className="facts">
            <dt>New expiry</dt>
            <dd>
              <Instant ms={ms} now={now} labelled showUtc />
            </dd>
            <dt>Change</dt>
            <dd>
              <BeforeAfter before={current} after={ms} zone={zone} />
            </dd>
          </dl>
          <RequestBody ms={ms} />
        </>
      )}
    </section>
  );
}
