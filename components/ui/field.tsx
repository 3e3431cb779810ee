import { inputClass, labelClass } from "./page";

/** A labelled input whose API error (by JSON path) is shown under it and announced. */
export function Field({
  name,
  label,
  error,
  hint,
  textarea,
  ...rest
}: {
  name: string;
  label: string;
  error?: string;
  hint?: string;
  textarea?: boolean;
} & React.InputHTMLAttributes<HTMLInputElement> &
  React.TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = `fld-${name}`;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-err` : null].filter(Boolean).join(" ") || undefined;
  const common = { id, name, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy, className: inputClass };
  return (
    <div>
      <label htmlFor={id} className={labelClass}>
        {label}
        {rest.required && <span className="text-bad"> *</span>}
      </label>
      {textarea ? (
        <textarea rows={3} {...common} {...(rest as React.TextareaHTMLAttributes<HTMLTextAreaElement>)} />
      ) : (
        <input {...common} {...rest} />
      )}
      {hint && (
        <p id={`${id}-hint`} className="mt-1 text-xs text-muted">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-err`} className="mt-1 text-sm text-bad">
          {label} {error}
        </p>
      )}
    </div>
  );
}

export function FormError({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <div
      role="status"
      aria-live="polite"
      className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-bad"
      data-testid="form-error"
    >
      {message}
    </div>
  );
}
