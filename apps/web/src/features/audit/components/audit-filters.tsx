import { AuditActionSchema, AuditEventOutcomeSchema } from '@csms-console/api-contract';
import { useState, type FormEvent } from 'react';
import { FormField } from '../../../components/ui/form-field';
import {
  formFromParams,
  paramsFromForm,
  RANGE_LABEL,
  RANGE_PRESETS,
  type AuditParams,
  type FilterErrors,
  type FilterForm,
} from '../utils/audit-params';
import { ACTION_LABEL, OUTCOME_LABEL } from '../utils/labels';

const TEXT_FIELDS = [
  { key: 'account', label: 'Account' },
  { key: 'secret', label: 'Secret' },
  { key: 'version', label: 'Version', hint: 'For example v3.' },
  { key: 'actor', label: 'Who', hint: 'A user name, exactly.' },
  { key: 'batch', label: 'Batch id' },
  { key: 'entry', label: 'Entry id', hint: 'An audit id, e.g. from a saved change.' },
] as const;

/**
 * Every filter of the audit page in one form, applied together on submit (Enter in any field, or the
 * button), so typing does not reload the log per keystroke. A filter the page or the BFF refuses gets its
 * message right under it and is marked invalid; the other filters keep what was typed. A custom span is
 * typed as wall time in the page's zone (`zone`) and sent as epoch milliseconds.
 */
export function AuditFilters({
  params,
  errors,
  zone,
  now,
  onApply,
}: {
  params: AuditParams;
  /** What the BFF refused in the current URL (`details.issues[].path`). */
  errors: FilterErrors;
  zone: string;
  now: () => number;
  onApply: (params: AuditParams) => void;
}) {
  const [form, setForm] = useState<FilterForm>(() => formFromParams(params, zone));
  const [localErrors, setLocalErrors] = useState<FilterErrors | null>(null);
  const shown = localErrors ?? errors;
  const set = (patch: Partial<FilterForm>) => setForm((prev) => ({ ...prev, ...patch }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = paramsFromForm(form, zone, now());
    if (!result.ok) {
      setLocalErrors(result.errors);
      // Focus the first field at fault, so a keyboard or screen-reader user lands on the problem.
      const first = FIELD_ORDER.find((key) => result.errors[key] !== undefined);
      if (first) document.getElementById(fieldId(first))?.focus();
      return;
    }
    setLocalErrors(null);
    onApply(result.params);
  };
  const errorCount = Object.keys(shown).length;

  return (
    <form
      className="filters audit-filters"
      role="search"
      aria-label="Filter the audit log"
      noValidate
      onSubmit={submit}
    >
      {errorCount > 0 ? (
        <p className="field-error audit-filter-summary" role="alert">
          {errorCount === 1 ? 'One filter is' : `${errorCount} filters are`} not valid; see the message under{' '}
          {errorCount === 1 ? 'it' : 'each'}. The others are kept.
        </p>
      ) : null}
      <div className="audit-filter-grid">
        {TEXT_FIELDS.map((field) => (
          <FormField
            key={field.key}
            id={fieldId(field.key)}
            label={field.label}
            hint={'hint' in field ? field.hint : undefined}
            error={shown[field.key]}
          >
            {(control) => (
              <input
                {...control}
                type="text"
                autoComplete="off"
                spellCheck={false}
                value={form[field.key]}
                onChange={(e) => set({ [field.key]: e.target.value })}
              />
            )}
          </FormField>
        ))}
        <FormField id={fieldId('action')} label="Action" error={shown.action}>
          {(control) => (
            <select {...control} value={form.action} onChange={(e) => set({ action: e.target.value })}>
              <option value="">Any</option>
              {AuditActionSchema.options.map((action) => (
                <option key={action} value={action}>
                  {ACTION_LABEL[action]} ({action})
                </option>
              ))}
              {/* A value from a hand-edited URL stays visible, so its error has something to point at. */}
              {form.action && !AuditActionSchema.safeParse(form.action).success ? (
                <option value={form.action}>{form.action}</option>
              ) : null}
            </select>
          )}
        </FormField>
        <FormField id={fieldId('outcome')} label="Outcome" error={shown.outcome}>
          {(control) => (
            <select {...control} value={form.outcome} onChange={(e) => set({ outcome: e.target.value })}>
              <option value="">Any</option>
              {AuditEventOutcomeSchema.options.map((outcome) => (
                <option key={outcome} value={outcome}>
                  {OUTCOME_LABEL[outcome]}
                </option>
              ))}
              {form.outcome && !AuditEventOutcomeSchema.safeParse(form.outcome).success ? (
                <option value={form.outcome}>{form.outcome}</option>
              ) : null}
            </select>
          )}
        </FormField>
        <FormField id={fieldId('range')} label="Time range">
          {(control) => (
            <select
              {...control}
              value={form.range}
              onChange={(e) => set({ range: e.target.value as FilterForm['range'] })}
            >
              <option value="">Any time</option>
              {Object.keys(RANGE_PRESETS).map((preset) => (
                <option key={preset} value={preset}>
                  {RANGE_LABEL[preset as keyof typeof RANGE_LABEL]}
                </option>
              ))}
              <option value="custom">Custom…</option>
            </select>
          )}
        </FormField>
        {form.range === 'custom' ? (
          <>
            <WallTimeField
              id={fieldId('from')}
              label="From"
              hint={`YYYY-MM-DD HH:mm in ${zone}; included.`}
              error={shown.from}
              placeholder="2026-12-01 00:00"
              value={form.fromText}
              onChange={(fromText) => set({ fromText })}
            />
            <WallTimeField
              id={fieldId('to')}
              label="To"
              hint={`YYYY-MM-DD HH:mm in ${zone}; not included.`}
              error={shown.to}
              placeholder="2026-12-08 00:00"
              value={form.toText}
              onChange={(toText) => set({ toText })}
            />
          </>
        ) : shown.from || shown.to ? (
          <p className="field-error" id={fieldId('from')} tabIndex={-1}>
            Time range: {shown.from ?? shown.to}
          </p>
        ) : null}
      </div>
      <div className="audit-filter-actions">
        <button type="submit" className="button primary">
          Apply filters
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            const empty = formFromParams(EMPTY_PARAMS, zone);
            setForm(empty);
            setLocalErrors(null);
            onApply(EMPTY_PARAMS);
          }}
        >
          Clear filters
        </button>
      </div>
    </form>
  );
}

const FIELD_ORDER = [
  'account',
  'secret',
  'version',
  'actor',
  'batch',
  'entry',
  'action',
  'outcome',
  'from',
  'to',
] as const;

export const fieldId = (key: string) => `audit-filter-${key}`;

const EMPTY_PARAMS: AuditParams = {
  account: '',
  secret: '',
  version: '',
  actor: '',
  action: '',
  outcome: '',
  batch: '',
  entry: '',
  range: null,
  from: '',
  to: '',
};

/** One end of a custom range: a wall time typed as text, read in the page's zone when the filters apply. */
function WallTimeField({
  id,
  label,
  hint,
  error,
  placeholder,
  value,
  onChange,
}: {
  id: string;
  label: string;
  hint: string;
  error: string | undefined;
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <FormField id={id} label={label} hint={hint} error={error}>
      {(control) => (
        <input
          {...control}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          placeholder={placeholder}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </FormField>
  );
}
