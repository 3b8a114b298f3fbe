import { CONFIRMATION_WINDOW_MS, confirmationMatches } from '@csms-console/api-contract';
import { useEffect, useId, useRef, useState } from 'react';
import { days } from '../utils/rules';
import { BeforeAfter, RequestBody } from './expiry-preview';
import { DialogFooter } from '../../../components/ui/dialog-footer';
import { FormField } from '../../../components/ui/form-field';
import { Instant } from '../../../components/ui/instant';
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
        <h3 ref={headingRef} tabIndex={-1}>
          Review the change to {props.versionId}
        </h3>
        {props.error ? <SaveFailure error={props.error} /> : null}
        <dl className="facts">
          <dt>Secret</dt>
          <dd className="mono">{props.secretName}</dd>
          <dt>Before</dt>
          <dd>
            <Instant ms={before} now={now} labelled showUtc />
          </dd>
          <dt>After</dt>
          <dd>
            <Instant ms={ms} now={now} labelled showUtc />
          </dd>
          <dt>Change ({props.zone})</dt>
          <dd>
            <BeforeAfter before={before} after={ms} zone={props.zone} />
          </dd>
          <dt>Reason</dt>
          <dd>{props.reason === '' ? <span className="muted">None given</span> : props.reason}</dd>
        </dl>
        <RequestBody ms={ms} />
        {typedConfirmation ? (
          <div className="notice notice-warn">
            <p className="notice-title">
              <span aria-hidden="true">⚠ </span>This shortens the live version
            </p>
            <p>
              {props.versionId} carries SYSCURRENT and would expire in under {days(CONFIRMATION_WINDOW_MS)}.
              Type the secret&apos;s name to confirm.
            </p>
            <FormField
              id={confirmId}
              label={`Type ${props.secretName} to confirm`}
              hint={
                confirmed
                  ? 'The name matches: Save is enabled.'
                  : 'Save stays disabled until the name matches exactly (case-sensitive).'
              }
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
            Saving…
          </p>
        ) : null}
      </div>
      <DialogFooter>
        <button type="button" className="button" onClick={props.onBack} disabled={pending}>
          Back to edit
        </button>
        <button type="submit" className="button primary" disabled={!confirmed || pending} aria-busy={pending}>
          Save
        </button>
      </DialogFooter>
    </form>
  );
}
