import { useId, type ReactNode } from 'react';

/** What a control needs to be tied to its label and its error: spread onto the input, select or textarea. */
export interface FieldControlProps {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
}

/**
 * One form field: the label, the control, a hint and the error. The error (the browser's check, the
 * shared schema's or the server's own) sits right under the control and is linked to it with
 * `aria-describedby`, the control marked `aria-invalid`, so a screen reader reads it with the field.
 */
export function Field({ label, error, hint, children }: { label: ReactNode; error?: string | undefined; hint?: ReactNode; children: (control: FieldControlProps) => ReactNode }) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={hintId} className="muted">
          {hint}
        </p>
      )}
      {children({ id, 'aria-invalid': !!error, 'aria-describedby': describedBy })}
      {error && (
        <p id={errorId} className="error field-error">
          {error}
        </p>
      )}
    </>
  );
}
