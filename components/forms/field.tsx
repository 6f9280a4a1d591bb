// One field of a form posted to a server action, and the form's own messages (docs/decisions/105).
// A field is its label, its control (an input, select or textarea the caller renders with the props
// given), its hint and its error; the control is described by both, and marked invalid while the
// error shows. Ids follow the control's: `<id>-hint`, `<id>-error`.
import type { ReactNode } from "react";
import type { FormState, FormValues } from "@/lib/forms";

/** Props the control must carry for its label, hint and error to belong to it. */
export interface ControlProps {
  id: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
}

export interface FieldProps {
  /** The control's id (the label's `htmlFor`). */
  id: string;
  label: ReactNode;
  error?: string;
  hint?: ReactNode;
  /** More text that describes the control, after the hint (rendered by the caller with these ids). */
  describedBy?: string[];
  extra?: ReactNode;
  /** The wrapper's class; `null` renders no wrapper (a field inside a row of its own layout). */
  className?: string | null;
  labelClassName?: string;
  children: (control: ControlProps) => ReactNode;
}

export function describedBy(...ids: Array<string | false | null | undefined>): string | undefined {
  return ids.filter(Boolean).join(" ") || undefined;
}

export function Field({ id, label, error, hint, describedBy: more = [], extra, className = "field", labelClassName, children }: FieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const control: ControlProps = { id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy(hintId, ...more, errorId) };
  const parts = (
    <>
      <label htmlFor={id} className={labelClassName}>
        {label}
      </label>
      {children(control)}
      {hint ? <span id={hintId} className="hint">{hint}</span> : null}
      {extra}
      <FieldError id={errorId} message={error} />
    </>
  );
  return className === null ? parts : <div className={className}>{parts}</div>;
}

/** A field's message; also for a group of controls (a fieldset) that is not one Field. */
export function FieldError({ id, message }: { id?: string; message?: string }) {
  return message ? <span id={id} className="error" role="alert">{message}</span> : null;
}

/** A one-line text input field: the common case. */
export function TextField({
  name, id = name, label, type = "text", error, hint, defaultValue, autoComplete, required = true,
}: {
  name: string; id?: string; label: string; type?: string; error?: string; hint?: string;
  defaultValue?: string; autoComplete?: string; required?: boolean;
}) {
  return (
    <Field id={id} label={label} error={error} hint={hint}>
      {(control) => <input {...control} name={name} type={type} defaultValue={defaultValue} autoComplete={autoComplete} required={required} />}
    </Field>
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any form's state: only its messages are read
type AnyFormState = FormState<any, FormValues>;

/**
 * The form's own messages as a block: its error (role="alert"; `errorId` lets the form point at it)
 * and, unless `success` is false, its confirmation (role="status").
 */
export function FormMessage({ state, errorId, success = true }: { state: AnyFormState; errorId?: string; success?: boolean }) {
  const error = state.errors?.form;
  if (error) return <p id={errorId} className="form-error" role="alert">{error}</p>;
  if (success && state.success) return <p className="notice" role="status">{state.success}</p>;
  return null;
}

/**
 * A short status beside a button, always present so that what appears in it is announced
 * (role="status"): an error, or the confirmation (in `successClassName`'s span, if given).
 */
export function InlineStatus({ className, error, message, successClassName }: { className: string; error?: string; message?: string; successClassName?: string }) {
  return (
    <span className={className} role="status">
      {error ? <span className="error">{error}</span> : message ? (successClassName ? <span className={successClassName}>{message}</span> : message) : null}
    </span>
  );
}
