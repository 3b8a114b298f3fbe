import { CONFIRMATION_WINDOW_MS, confirmationMatches } from '@csms-console/api-contract';
import { useEffect, useId, useRef, useState } from 'react';
import { DialogFooter } from '../../../components/ui/dialog-footer';
import { FormField } from '../../../components/ui/form-field';
import { Instant } from '../../../components/ui/instant';
import { t } from '../../../lib/i18n';
import { days } from '../utils/rules';
import { BeforeAfter, RequestBody } from './expiry-preview';
import { SaveFailure } from './save-failure';

/** The confirm step: before -> after in both zones, the exact request body, and Save. */
export function ExpiryReviewStep(props: {
  ms: number;
  before: number | null;
  reason: string;
  zone: string;
  now: number;
  secretName: string;
  versionId: string;
  /** A note on top (e.g. "your unsaved change is back"). */
  notice?: string | undefined;
  /** How a daylight-saving change at the typed time was resolved (the overlap's pick, the gap's move). */
  dstNote?: string | undefined;
  /** Pulling the live version's expiry under 7 days: the user types the secret's name first. */
  typedConfirmation: boolean;
  /** The BFF asked for the name although the page did not (422 `confirmation_required`). */
  confirmRequested: boolean;
  pending: boolean;
  error: unknown;
  onBack: () => void;
  /** `confirm`: the typed name, sent only when the confirmation was asked for. */
  onSave: (confirm: string | undefined) => void;
}) {
  const { ms, before, now, typedConfirmation, confirmRequested, pending } = props;
  const [typed, setTyped] = useState('');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);
  const confirmId = useId();
  useEffect(() => headingRef.current?.focus(), []);
  // When the BFF asks, the field appears after Save: put the user in it (the error above is announced).
  useEffect(() => {
    if (confirmRequested) confirmRef.current?.focus();
  }, [confirmRequested]);
  const confirmed = !typedConfirmation || confirmationMatches(props.secretName, typed);

  return (
    <form
      className="expiry-review"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (confirmed && !pending) props.onSave(typedConfirmation ? typed : undefined);
      }}
    >
      <div className="dialog-body">
        {props.notice ? <p className="notice notice-info">{props.notice}</p> : null}
        <h3 ref={headingRef} tabIndex={-1}>
          {t('expiry.review.heading', { id: props.versionId })}
        </h3>
        {props.error ? <SaveFailure error={props.error} /> : null}
        <dl className="facts">
          <dt>{t('expiry.review.secret')}</dt>
          <dd className="mono">{props.secretName}</dd>
          <dt>{t('expiry.review.before')}</dt>
          <dd>
            <Instant ms={before} now={now} labelled showUtc />
          </dd>
          <dt>{t('expiry.review.after')}</dt>
          <dd>
            <Instant ms={ms} now={now} labelled showUtc />
          </dd>
          <dt>{t('expiry.review.changeIn', { zone: props.zone })}</dt>
          <dd>
            <BeforeAfter before={before} after={ms} zone={props.zone} />
          </dd>
          <dt>{t('expiry.review.reason')}</dt>
          <dd>
            {props.reason === '' ? (
              <span className="muted">{t('expiry.review.noReason')}</span>
            ) : (
              props.reason
            )}
          </dd>
        </dl>
        {props.dstNote ? <p className="notice notice-info expiry-dst-note">{props.dstNote}</p> : null}
        <RequestBody ms={ms} />
        {typedConfirmation ? (
          <div className="notice notice-warn">
            <p className="notice-title">
              <span aria-hidden="true">⚠ </span>
              {t('expiry.review.shortensTitle')}
            </p>
            <p>
              {t('expiry.review.shortensBody', {
                id: props.versionId,
                window: days(CONFIRMATION_WINDOW_MS),
              })}
            </p>
            <FormField
              id={confirmId}
              label={t('expiry.review.confirmLabel', { name: props.secretName })}
              hint={confirmed ? t('expiry.review.confirmMatches') : t('expiry.review.confirmPending')}
              invalid={typed !== '' && !confirmed}
            >
              {(control) => (
                <input
                  {...control}
                  ref={confirmRef}
                  autoComplete="off"
                  spellCheck={false}
                  value={typed}
                  onChange={(e) => setTyped(e.target.value)}
                />
              )}
            </FormField>
          </div>
        ) : null}
        {pending ? (
          <p role="status" className="muted">
            {t('expiry.review.saving')}
          </p>
        ) : null}
      </div>
      <DialogFooter>
        <button type="button" className="button" onClick={props.onBack} disabled={pending}>
          {t('expiry.review.back')}
        </button>
        <button type="submit" className="button primary" disabled={!confirmed || pending} aria-busy={pending}>
          {t('expiry.review.save')}
        </button>
      </DialogFooter>
    </form>
  );
}
