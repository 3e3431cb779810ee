"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId } from "react";
import { inputClass, secondaryButtonClass } from "@/components/ui/page";
import { RANGE_KEYS, type Range } from "@/lib/dashboards/schemas";

export const onCallHref = (range: Range, model: string | null) => `/dashboards/on-call?${new URLSearchParams({ range, ...(model ? { model } : {}) })}`;

/** The range and the model, kept in the URL (?range=24h&model=), so a link shows what its sender saw. */
export function Controls({ range, model, models }: { range: Range; model: string | null; models: string[] }) {
  const id = useId();
  const router = useRouter();
  return (
    <div className="flex flex-wrap items-end gap-3">
      <nav aria-label="Time range">
        <ul className="flex overflow-hidden rounded-md border border-line bg-white">
          {RANGE_KEYS.map((r) => (
            <li key={r} className="border-line not-first:border-l">
              <Link
                href={onCallHref(r, model)}
                scroll={false}
                aria-current={r === range ? "page" : undefined}
                className={`block px-3 py-1.5 text-sm ${r === range ? "bg-brand font-semibold text-white" : "text-ink hover:bg-slate-50"}`}
              >
                {r}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <form
        className="flex items-end gap-2"
        action="/dashboards/on-call"
        onSubmit={(e) => {
          e.preventDefault();
          const m = new FormData(e.currentTarget).get("model");
          router.push(onCallHref(range, typeof m === "string" && m ? m : null), { scroll: false });
        }}
      >
        <input type="hidden" name="range" value={range} />
        <div>
          <label htmlFor={`${id}-model`} className="mb-1 block text-xs font-medium text-muted">
            Model
          </label>
          <select id={`${id}-model`} name="model" defaultValue={model ?? ""} key={model ?? ""} className={`${inputClass} py-1.5`}>
            <option value="">Every model</option>
            {models.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className={`${secondaryButtonClass} py-1.5`}>
          Show
        </button>
      </form>
    </div>
  );
}
