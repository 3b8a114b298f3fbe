import { AuditActionSchema, AuditEventOutcomeSchema } from '@csms-console/api-contract';
import { useState, type FormEvent } from 'react';
import { FormField } from '../../../components/ui/form-field';
import { t } from '../../../lib/i18n';
import {
  filterErrorText,
  formFromParams,
  paramsFromForm,
  rangeLabel,
  RANGE_PRESETS,
  type AuditParams,
  type FilterErrors,
  type FilterForm,
  type RangePreset,
} from '../utils/audit-params';
import { actionLabel, outcomeLabel } from '../utils/labels';

/** The free-text filters with their labels and hints in the active language (called while rendering). */
const textFields = () =>
  [
    { key: 'account', label: t('audit.filters.account') },
    { key: 'secret', label: t('audit.filters.secret') },
    { key: 'version', label: t('audit.filters.version'), hint: t('audit.filters.versionHint') },
    { key: 'actor', label: t('audit.filters.actor'), hint: t('audit.filters.actorHint') },
    { key: 'batch', label: t('audit.filters.batch') },
    { key: 'entry', label: t('audit.filters.entry'), hint: t('audit.filters.entryHint') },
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
  const errorText = (key: keyof FilterErrors) => {
    const message = shown[key];
    return message ? filterErrorText(message) : undefined;
  };

  return (
    <form
      className="filters audit-filters"
      role="search"
      aria-label={t('audit.filters.label')}
      noValidate
      onSubmit={submit}
    >
      {errorCount > 0 ? (
        <p className="field-error audit-filter-summary" role="alert">
          {t('audit.filters.summary', { count: errorCount })}
        </p>
      ) : null}
      <div className="audit-filter-grid">
        {textFields().map((field) => (
          <FormField
            key={field.key}
            id={fieldId(field.key)}
            label={field.label}
            hint={'hint' in field ? field.hint : undefined}
            error={errorText(field.key)}
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
        <FormField id={fieldId('action')} label={t('audit.filters.action')} error={errorText('action')}>
          {(control) => (
            <select {...control} value={form.action} onChange={(e) => set({ action: e.target.value })}>
              <option value="">{t('audit.filters.any')}</option>
              {AuditActionSchema.options.map((action) => (
                <option key={action} value={action}>
                  {t('audit.filters.actionOption', { label: actionLabel(action), code: action })}
                </option>
              ))}
              {/* A value from a hand-edited URL stays visible, so its error has something to point at. */}
              {form.action && !AuditActionSchema.safeParse(form.action).success ? (
                <option value={form.action}>{form.action}</option>
              ) : null}
            </select>
          )}
        </FormField>
        <FormField id={fieldId('outcome')} label={t('audit.filters.outcome')} error={errorText('outcome')}>
          {(control) => (
            <select {...control} value={form.outcome} onChange={(e) => set({ outcome: e.target.value })}>
              <option value="">{t('audit.filters.any')}</option>
              {AuditEventOutcomeSchema.options.map((outcome) => (
                <option key={outcome} value={outcome}>
                  {outcomeLabel(outcome)}
                </option>
              ))}
              {form.outcome && !AuditEventOutcomeSchema.safeParse(form.outcome).success ? (
                <option value={form.outcome}>{form.outcome}</option>
              ) : null}
            </select>
          )}
        </FormField>
        <FormField id={fieldId('range')} label={t('audit.filters.range')}>
          {(control) => (
            <select
              {...control}
              value={form.range}
              onChange={(e) => set({ range: e.target.value as FilterForm['range'] })}
            >
              <option value="">{t('audit.filters.anyTime')}</option>
              {(Object.keys(RANGE_PRESETS) as RangePreset[]).map((preset) => (
                <option key={preset} value={preset}>
                  {rangeLabel(preset)}
                </option>
              ))}
              <option value="custom">{t('audit.filters.custom')}</option>
            </select>
          )}
        </FormField>
        {form.range === 'custom' ? (
          <>
            <WallTimeField
              id={fieldId('from')}
              label={t('audit.filters.from')}
              hint={t('audit.filters.fromHint', { zone })}
              error={errorText('from')}
              placeholder="2026-12-01 00:00"
              value={form.fromText}
              onChange={(fromText) => set({ fromText })}
            />
            <WallTimeField
              id={fieldId('to')}
              label={t('audit.filters.to')}
              hint={t('audit.filters.toHint', { zone })}
              error={errorText('to')}
              placeholder="2026-12-08 00:00"
              value={form.toText}
              onChange={(toText) => set({ toText })}
            />
          </>
        ) : shown.from || shown.to ? (
          <p className="field-error" id={fieldId('from')} tabIndex={-1}>
            {t('audit.filters.rangeError', { error: errorText('from') ?? errorText('to') })}
          </p>
        ) : null}
      </div>
      <div className="audit-filter-actions">
        <button type="submit" className="button primary">
          {t('audit.filters.apply')}
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
          {t('audit.filters.clear')}
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
