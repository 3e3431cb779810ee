"use client";
import { inputClass, labelClass } from "@/components/ui/page";

/** JSON path → element id: "evaluationData.datasets[0].link" → "card-evaluationData-datasets-0-link". */
export const fieldId = (path: string) => `card-${path.replace(/[[\].]+/g, "-").replace(/-$/, "")}`;

const smallButton =
  "inline-flex items-center justify-center rounded-md border border-line bg-white px-2 py-1 text-xs font-medium text-ink hover:bg-slate-50";

function ErrorText({ path, error }: { path: string; error?: string }) {
  if (!error) return null;
  return (
    <p id={`${fieldId(path)}-err`} className="mt-1 text-sm text-bad" data-testid="field-error">
      {error}
    </p>
  );
}

const described = (path: string, error?: string, hint?: boolean) =>
  [hint ? `${fieldId(path)}-hint` : null, error ? `${fieldId(path)}-err` : null].filter(Boolean).join(" ") || undefined;

/** A labelled input (or textarea) bound to one field of the draft, its API error under it. */
export function TextField({
  path,
  label,
  value,
  onChange,
  error,
  hint,
  multiline,
  markdown,
  type = "text",
  rows = 3,
}: {
  path: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  hint?: string;
  multiline?: boolean;
  markdown?: boolean;
  type?: string;
  rows?: number;
}) {
  const id = fieldId(path);
  const h = hint ?? (markdown ? "Markdown: **bold**, *italic*, lists with -, links as [text](https://…)." : undefined);
  const common = {
    id,
    value,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": described(path, error, Boolean(h)),
    className: inputClass,
  };
  return (
    <div>
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      {multiline || markdown ? (
        <textarea {...common} rows={rows} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...common} type={type} onChange={(e) => onChange(e.target.value)} />
      )}
      {h && (
        <p id={`${id}-hint`} className="mt-1 text-xs text-muted">
          {h}
        </p>
      )}
      <ErrorText path={path} error={error} />
    </div>
  );
}

/** A list of short strings, one input each, with Add and Remove. */
export function ListField({
  path,
  label,
  noun,
  items,
  onChange,
  errors,
}: {
  path: string;
  label: string;
  /** What one item is, for the buttons: "primary use". */
  noun: string;
  items: string[];
  onChange: (v: string[]) => void;
  errors: Record<string, string>;
}) {
  const own = errors[path];
  return (
    <fieldset className="min-w-0">
      <legend className={labelClass}>{label}</legend>
      <ul className="space-y-2">
        {items.map((item, i) => {
          const p = `${path}[${i}]`;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; their place is their identity
            <li key={i} className="flex items-start gap-2">
              <div className="min-w-0 flex-1">
                <input
                  id={fieldId(p)}
                  value={item}
                  aria-label={`${label}, item ${i + 1}`}
                  aria-invalid={errors[p] ? true : undefined}
                  aria-describedby={described(p, errors[p])}
                  className={inputClass}
                  onChange={(e) => onChange(items.map((x, j) => (j === i ? e.target.value : x)))}
                />
                <ErrorText path={p} error={errors[p]} />
              </div>
              <button
                type="button"
                className={`${smallButton} mt-1 shrink-0`}
                aria-label={`Remove ${noun} ${i + 1}`}
                onClick={() => onChange(items.length > 1 ? items.filter((_, j) => j !== i) : [""])}
              >
                Remove
              </button>
            </li>
          );
        })}
      </ul>
      <button type="button" className={`${smallButton} mt-2`} onClick={() => onChange([...items, ""])}>
        Add {noun}
      </button>
      <ErrorText path={path} error={own} />
    </fieldset>
  );
}

export type Column<K extends string> = {
  key: K;
  label: string;
  wide?: boolean;
  multiline?: boolean;
  inputMode?: "decimal";
  placeholder?: string;
};

/** Rows of a few fields each (metrics, datasets, ethical considerations), with Add and Remove. */
export function RowsField<K extends string>({
  path,
  label,
  noun,
  columns,
  rows,
  onChange,
  errors,
}: {
  path: string;
  label: string;
  noun: string;
  columns: Column<K>[];
  rows: Record<K, string>[];
  onChange: (v: Record<K, string>[]) => void;
  errors: Record<string, string>;
}) {
  const blank = Object.fromEntries(columns.map((c) => [c.key, ""])) as Record<K, string>;
  return (
    <fieldset className="min-w-0">
      <legend className={labelClass}>{label}</legend>
      <ol className="space-y-3">
        {rows.map((row, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; their place is their identity
          <li key={i} className="rounded-md border border-line p-3">
            <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
              {columns.map((c) => {
                const p = `${path}[${i}].${c.key}`;
                const id = fieldId(p);
                const common = {
                  id,
                  value: row[c.key],
                  placeholder: c.placeholder,
                  "aria-invalid": errors[p] ? true : undefined,
                  "aria-describedby": described(p, errors[p]),
                  className: inputClass,
                };
                const set = (v: string) => onChange(rows.map((r, j) => (j === i ? { ...r, [c.key]: v } : r)));
                return (
                  <div key={c.key} className={c.wide ? "sm:col-span-2" : ""}>
                    <label htmlFor={id} className="mb-1 block text-xs font-medium">
                      {c.label}
                      <span className="sr-only">
                        {" "}
                        ({noun} {i + 1})
                      </span>
                    </label>
                    {c.multiline ? (
                      <textarea {...common} rows={2} onChange={(e) => set(e.target.value)} />
                    ) : (
                      <input {...common} inputMode={c.inputMode} onChange={(e) => set(e.target.value)} />
                    )}
                    <ErrorText path={p} error={errors[p]} />
                  </div>
                );
              })}
            </div>
            <button
              type="button"
              className={`${smallButton} mt-3`}
              aria-label={`Remove ${noun} ${i + 1}`}
              onClick={() => onChange(rows.length > 1 ? rows.filter((_, j) => j !== i) : [blank])}
            >
              Remove
            </button>
          </li>
        ))}
      </ol>
      <button type="button" className={`${smallButton} mt-2`} onClick={() => onChange([...rows, blank])}>
        Add {noun}
      </button>
      <ErrorText path={path} error={errors[path]} />
    </fieldset>
  );
}
