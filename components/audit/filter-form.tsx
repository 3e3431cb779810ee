import Link from "next/link";
import { buttonClass, inputClass, labelClass, secondaryButtonClass } from "@/components/ui/page";

export const FILTER_KEYS = ["model", "action", "entityType", "entityId", "actor", "from", "to", "release"] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type FilterValues = Partial<Record<FilterKey, string>>;

const FIELDS: { key: FilterKey; label: string; placeholder?: string }[] = [
  { key: "model", label: "Model (everything about it)", placeholder: "e.g. credit-default" },
  { key: "action", label: "Action", placeholder: "e.g. user.created" },
  { key: "entityType", label: "Entity type", placeholder: "e.g. model, user, token" },
  { key: "entityId", label: "Entity id", placeholder: "e.g. credit-risk" },
  { key: "actor", label: "Actor (email or id)", placeholder: "e.g. admin@example.com" },
  { key: "from", label: "From (UTC)", placeholder: "e.g. 2026-11-26" },
  { key: "to", label: "To (UTC, inclusive)", placeholder: "e.g. 2026-11-26 17:00" },
  { key: "release", label: "Release id", placeholder: "a release's id" },
];

/**
 * What a person types for a time, as the API reads it: "2026-11-26 09:30" gets its T, and a bare date covers
 * the whole day (from its first to its last moment). Anything else is passed on for the API's own check.
 */
export function normaliseTime(key: "from" | "to", v: string): string {
  const t = v.trim().replace(/^(\d{4}-\d{2}-\d{2})[ ]+(\d)/, "$1T$2");
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) return key === "from" ? `${t}T00:00:00` : `${t}T23:59:59.999`;
  return t;
}

/** A plain GET form: the filter lives in the address, so a filtered view can be bookmarked and shared. */
export function AuditFilterForm({ values, invalid }: { values: FilterValues; invalid: string[] }) {
  const filtered = Object.keys(values).length > 0;
  return (
    <form
      method="get"
      action="/audit"
      role="search"
      aria-label="Filter the audit trail"
      className="mb-5 rounded-lg border border-line bg-panel p-4"
    >
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-3">
        {FIELDS.map((f) => (
          <div key={f.key}>
            <label htmlFor={`af-${f.key}`} className={labelClass}>
              {f.label}
            </label>
            <input
              id={`af-${f.key}`}
              name={f.key}
              type="text"
              defaultValue={values[f.key] ?? ""}
              placeholder={f.placeholder}
              aria-describedby={f.key === "from" || f.key === "to" ? "af-time-hint" : undefined}
              autoComplete="off"
              className={inputClass}
            />
          </div>
        ))}
      </div>
      <p id="af-time-hint" className="mt-2 text-xs text-muted">
        Times are UTC, as 2026-11-26T09:30 (or with a zone, e.g. +01:00). A date alone covers the whole day. Other fields match exactly.
      </p>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <button type="submit" className={buttonClass}>
          Apply
        </button>
        {filtered && (
          <Link href="/audit" className={secondaryButtonClass}>
            Clear filters
          </Link>
        )}
        {invalid.length > 0 && (
          <p className="text-sm text-warn" role="status">
            Ignored, as not valid: {invalid.join(", ")}. Times look like 2026-11-26T09:30.
          </p>
        )}
      </div>
    </form>
  );
}
