import type { ReactNode } from 'react';

/** What the control inside a FormField spreads onto itself: its id and what describes it. */
export interface FieldControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

/**
 * A label, one control, a hint and an error, wired together: the label names the control (`htmlFor`), the
 * hint and the error describe it (`<id>-hint`, `<id>-error`) and an error marks it invalid. `describedBy`
 * adds a message shown elsewhere (say, one problem that concerns two fields); `invalid` marks the control
 * invalid for such a message. The control is rendered by `children` with the props to spread.
 */
export function FormField({
  id,
  label,
  hint,
  error,
  describedBy,
  invalid,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: ReactNode;
  describedBy?: string | undefined;
  invalid?: boolean | undefined;
  children: (control: FieldControlProps) => ReactNode;
}) {
  const hasHint = hint !== undefined && hint !== null && hint !== false;
  const hasError = error !== undefined && error !== null && error !== false;
  const described = [hasHint && `${id}-hint`, hasError && `${id}-error`, describedBy].filter(
    (part): part is string => typeof part === 'string' && part !== '',
  );
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        'aria-invalid': hasError || invalid === true ? true : undefined,
        'aria-describedby': described.length > 0 ? described.join(' ') : undefined,
      })}
      {hasHint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      {hasError ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
