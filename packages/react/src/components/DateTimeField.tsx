import { useId } from 'react';

export interface DateTimeFieldProps {
  label: string;
  /** `YYYY-MM-DDTHH:mm`, read in the zone named in the label. */
  value: string;
  onChange(value: string): void;
  /** Shown under the field and tied to it (`aria-describedby`), or null. */
  error: string | null;
  min?: string;
  /** Focus it when the `<Dialog>` around it opens. */
  autoFocus?: boolean;
}

/** A date and time picker: the native datetime-local input, whose value the caller reads in a named zone. */
export function DateTimeField({ label, value, onChange, error, min, autoFocus }: DateTimeFieldProps) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className="gl-field">
      <label htmlFor={id} className="gl-field__label">
        {label}
      </label>
      <input
        id={id}
        className="gl-input"
        type="datetime-local"
        value={value}
        min={min}
        required
        data-autofocus={autoFocus ? true : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {error ? (
        <p id={errorId} className="gl-field__error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
