import { useController, type Control, type FieldPath, type FieldValues } from 'react-hook-form';

/**
 * Checkboxes that together make one array field of a react-hook-form form (a rule's accounts or channels):
 * each box adds or removes its value. A controller rather than `register`, which would yield a boolean
 * instead of an array when only one box is there.
 */
export function CheckList<T extends FieldValues, C, Out extends FieldValues>({
  control,
  name,
  options,
}: {
  control: Control<T, C, Out>;
  name: FieldPath<T>;
  options: { value: string; label: string }[];
}) {
  const { field } = useController({ control, name });
  const picked = field.value as string[];
  return options.map((option) => (
    <label key={option.value} className="checkbox">
      <input
        type="checkbox"
        name={field.name}
        checked={picked.includes(option.value)}
        onBlur={field.onBlur}
        onChange={(e) =>
          field.onChange(
            e.target.checked ? [...picked, option.value] : picked.filter((v) => v !== option.value),
          )
        }
      />{' '}
      {option.label}
    </label>
  ));
}
