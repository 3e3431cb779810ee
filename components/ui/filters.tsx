import Link from "next/link";
import { inputClass } from "@/components/ui/page";

/**
 * The dashboards' filter controls. A row of links, one per choice (a period, a range), the current one marked: each is
 * a URL, so a link shows what its sender saw.
 */
export function SegmentLinks({ label, items, current }: { label: string; items: { key: string; href: string }[]; current: string }) {
  return (
    <nav aria-label={label}>
      <ul className="flex overflow-hidden rounded-md border border-line bg-white">
        {items.map(({ key, href }) => (
          <li key={key} className="border-line not-first:border-l">
            <Link
              href={href}
              scroll={false}
              aria-current={key === current ? "page" : undefined}
              className={`block px-3 py-1.5 text-sm ${key === current ? "bg-brand font-semibold text-white" : "text-ink hover:bg-slate-50"}`}
            >
              {key}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * A labelled select of a filter form, showing `value` (uncontrolled; remounted when `value`, or `resetKey`, changes,
 * so a new URL shows its own choice).
 */
export function FilterSelect({
  id,
  label,
  name,
  value,
  options,
  resetKey,
  disabled,
}: {
  id: string;
  label: string;
  name: string;
  value: string;
  options: { value: string; label: string }[];
  resetKey?: string;
  disabled?: boolean;
}) {
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-muted">
        {label}
      </label>
      <select id={id} name={name} defaultValue={value} key={resetKey ?? value} className={`${inputClass} py-1.5`} disabled={disabled}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
