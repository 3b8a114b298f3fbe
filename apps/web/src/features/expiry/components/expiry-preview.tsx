import { useId } from 'react';
import { Instant } from '../../../components/ui/instant';
import { t } from '../../../lib/i18n';
import { formatInstant } from '../../../lib/time';
import { csmsRequestBody } from '../utils/rules';

/** The exact body the BFF sends to CSMS for `ms`, labelled so nobody has to guess the unit. */
export function RequestBody({ ms }: { ms: number }) {
  const captionId = useId();
  return (
    // Named by its caption explicitly too: not every assistive technology derives it from <figcaption>.
    <figure className="request-body" aria-labelledby={captionId}>
      <figcaption id={captionId}>{t('expiry.preview.requestBody')}</figcaption>
      <pre>
        <code>{csmsRequestBody(ms)}</code>
      </pre>
      <p className="field-hint">{t('expiry.preview.unit')}</p>
    </figure>
  );
}

/** Before -> after in the editor's zone, e.g. `2026-12-05 14:30:00 UTC+01:00 → 2027-01-31 00:00:00 UTC+01:00`. */
export function BeforeAfter({ before, after, zone }: { before: number | null; after: number; zone: string }) {
  return (
    <p className="before-after mono">
      <span>{before === null ? t('time.noExpiry') : formatInstant(before, zone)}</span>
      <span aria-hidden="true"> → </span>
      <span className="visually-hidden"> {t('expiry.preview.changesTo')} </span>
      <span>{formatInstant(after, zone)}</span>
      {before === after ? <span className="muted"> {t('expiry.preview.noChange')}</span> : null}
    </p>
  );
}

/** Live (polite) preview of the chosen instant while the user edits. */
export function ExpiryPreview({
  ms,
  current,
  zone,
  now,
  pending,
}: {
  ms: number | null;
  current: number | null;
  zone: string;
  now: number;
  /** The typed time happens twice and neither instant is picked yet: that time. */
  pending?: string | undefined;
}) {
  return (
    <section className="expiry-preview" aria-labelledby="expiry-preview-title" aria-live="polite">
      <h3 id="expiry-preview-title">{t('expiry.preview.title')}</h3>
      {ms === null ? (
        <p className="muted">
          {pending === undefined
            ? t('expiry.preview.empty')
            : t('expiry.preview.pickPending', { time: pending.trim() })}
        </p>
      ) : (
        <>
          <dl className="facts">
            <dt>{t('expiry.edit.newExpiry')}</dt>
            <dd>
              <Instant ms={ms} now={now} labelled showUtc />
            </dd>
            <dt>{t('expiry.preview.change')}</dt>
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
