"use client";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { inputClass, secondaryButtonClass } from "@/components/ui/page";
import { COMPARES, type Compare, DEBUG_RANGE_KEYS, type DebugRange } from "@/lib/dashboards/debug-schemas";
import { debugHref } from "./api";

export const RANGE_LABEL: Record<DebugRange, string> = { "6h": "last 6 hours", "24h": "last 24 hours", "7d": "last 7 days" };
export const COMPARE_LABEL: Record<Compare, string> = { previous: "the window just before", day: "a day earlier", week: "a week earlier" };

type Props = {
  model: string;
  version: string | null;
  range: DebugRange;
  compare: Compare;
  models: string[];
  versions: { version: string; stage: string }[];
};

/**
 * Model, version, range and what to compare with, kept in the URL (router.replace on Show), so a link shows what its
 * sender saw. Changing the model offers "its default version", since the other model's versions are not loaded here.
 */
export function DebugControls({ model, version, range, compare, models, versions }: Props) {
  const id = useId();
  const router = useRouter();
  const [m, setM] = useState(model);
  const sameModel = m === model;
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      action="/dashboards/debug"
      aria-label="What to debug"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const v = String(f.get("version") ?? "");
        router.replace(
          debugHref({ model: String(f.get("model")), version: sameModel && v ? v : null, range: f.get("range") as DebugRange, compare: f.get("compare") as Compare, trace: null }),
          { scroll: false },
        );
      }}
    >
      <div>
        <label htmlFor={`${id}-model`} className="mb-1 block text-xs font-medium text-muted">
          Model
        </label>
        <select id={`${id}-model`} name="model" value={m} onChange={(e) => setM(e.target.value)} className={`${inputClass} py-1.5`}>
          {models.map((x) => (
            <option key={x} value={x}>
              {x}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={`${id}-version`} className="mb-1 block text-xs font-medium text-muted">
          Version
        </label>
        <select id={`${id}-version`} name="version" defaultValue={version ?? ""} key={`${m}|${version ?? ""}`} className={`${inputClass} py-1.5`} disabled={!sameModel}>
          {sameModel ? (
            versions.map((v) => (
              <option key={v.version} value={v.version}>
                {v.version} ({v.stage})
              </option>
            ))
          ) : (
            <option value="">its production version</option>
          )}
        </select>
      </div>
      <div>
        <label htmlFor={`${id}-range`} className="mb-1 block text-xs font-medium text-muted">
          Window
        </label>
        <select id={`${id}-range`} name="range" defaultValue={range} key={range} className={`${inputClass} py-1.5`}>
          {DEBUG_RANGE_KEYS.map((r) => (
            <option key={r} value={r}>
              {RANGE_LABEL[r]}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={`${id}-compare`} className="mb-1 block text-xs font-medium text-muted">
          Compare with
        </label>
        <select id={`${id}-compare`} name="compare" defaultValue={compare} key={compare} className={`${inputClass} py-1.5`}>
          {COMPARES.map((c) => (
            <option key={c} value={c}>
              {COMPARE_LABEL[c]}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className={`${secondaryButtonClass} py-1.5`}>
        Show
      </button>
    </form>
  );
}
