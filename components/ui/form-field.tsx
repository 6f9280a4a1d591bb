export function FormField({
  name, label, type = "text", error, hint, defaultValue, autoComplete, required = true,
}: {
  name: string; label: string; type?: string; error?: string; hint?: string;
  defaultValue?: string; autoComplete?: string; required?: boolean;
}) {
  const errorId = error ? `${name}-error` : undefined;
  const hintId = hint ? `${name}-hint` : undefined;
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <input
        id={name} name={name} type={type} defaultValue={defaultValue} autoComplete={autoComplete} required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={[errorId, hintId].filter(Boolean).join(" ") || undefined}
      />
      {hint ? <span id={hintId} className="hint">{hint}</span> : null}
      {error ? <span id={errorId} className="error" role="alert">{error}</span> : null}
    </div>
  );
}
