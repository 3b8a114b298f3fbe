import { SecretStateSchema, type SecretState } from '@csms-console/api-contract';
import { useId, useState, type FormEvent } from 'react';
import { FormField } from '../../../components/ui/form-field';
import { t } from '../../../lib/i18n';
import { nameFilterError, PAGE_SIZES } from '../utils/list-params';
import { secretStateLabel } from './secret-state-badge';

export interface FilterValues {
  name: string;
  state: SecretState | undefined;
  limit: number;
}

/**
 * Name (applied on Enter or "Apply"), state and page size (applied when chosen). The name is checked like the
 * BFF checks it, and an invalid one is explained here instead of being sent.
 */
export function SecretsFilters({
  initial,
  onApply,
  onClear,
}: {
  initial: FilterValues;
  onApply: (values: FilterValues) => void;
  onClear: () => void;
}) {
  const id = useId();
  const [name, setName] = useState(initial.name);
  const [state, setState] = useState(initial.state);
  const [limit, setLimit] = useState(initial.limit);
  // Follow the URL (back/forward, Clear filters) without remounting, so focus stays where it is.
  const urlKey = `${initial.name}\n${initial.state ?? ''}\n${initial.limit}`;
  const [seenKey, setSeenKey] = useState(urlKey);
  if (seenKey !== urlKey) {
    setSeenKey(urlKey);
    setName(initial.name);
    setState(initial.state);
    setLimit(initial.limit);
  }
  const problem = nameFilterError(name.trim());
  const error = problem === undefined ? undefined : t(`secrets.nameError.${problem}`);
  const sizes = [...new Set<number>([...PAGE_SIZES, initial.limit])].sort((a, b) => a - b);

  const apply = (values: FilterValues) => {
    if (nameFilterError(values.name) !== undefined) {
      document.getElementById(`${id}-name`)?.focus();
      return;
    }
    onApply(values);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    apply({ name: name.trim(), state, limit });
  };

  return (
    <form
      className="secrets-filters"
      role="search"
      aria-label={t('secrets.filters.label')}
      onSubmit={submit}
      noValidate
    >
      <FormField
        id={`${id}-name`}
        label={t('secrets.filters.name')}
        hint={error === undefined ? t('secrets.filters.nameHint') : undefined}
        error={error}
      >
        {(control) => (
          <input
            {...control}
            type="search"
            value={name}
            onChange={(e) => setName(e.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
        )}
      </FormField>
      <FormField id={`${id}-state`} label={t('secrets.filters.state')}>
        {(control) => (
          <select
            {...control}
            value={state ?? ''}
            onChange={(e) => {
              const parsed = SecretStateSchema.safeParse(e.target.value);
              const next = parsed.success ? parsed.data : undefined;
              setState(next);
              apply({ name: name.trim(), state: next, limit });
            }}
          >
            <option value="">{t('secrets.filters.allStates')}</option>
            {SecretStateSchema.options.map((s) => (
              <option key={s} value={s}>
                {t('secrets.filters.stateOption', { label: secretStateLabel(s), state: s })}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <FormField id={`${id}-limit`} label={t('secrets.filters.rowsPerPage')}>
        {(control) => (
          <select
            {...control}
            value={limit}
            onChange={(e) => {
              const next = Number(e.target.value);
              setLimit(next);
              apply({ name: name.trim(), state, limit: next });
            }}
          >
            {sizes.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <div className="secrets-filter-actions">
        <button type="submit" className="button primary">
          {t('secrets.filters.apply')}
        </button>
        <button type="button" className="button" onClick={onClear}>
          {t('secrets.filters.clear')}
        </button>
      </div>
    </form>
  );
}
