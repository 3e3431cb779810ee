"use client";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { FilterSelect } from "@/components/ui/filters";
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
          debugHref({
            model: String(f.get("model")),
            version: sameModel && v ? v : null,
            range: f.get("range") as DebugRange,
            compare: f.get("compare") as Compare,
            trace: null,
          }),
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
      <FilterSelect
        id={`${id}-version`}
        label="Version"
        name="version"
        value={version ?? ""}
        resetKey={`${m}|${version ?? ""}`}
        disabled={!sameModel}
        options={
          sameModel
            ? versions.map((v) => ({ value: v.version, label: `${v.version} (${v.stage})` }))
            : [{ value: "", label: "its production version" }]
        }
      />
      <FilterSelect
        id={`${id}-range`}
        label="Window"
        name="range"
        value={range}
        options={DEBUG_RANGE_KEYS.map((r) => ({ value: r, label: RANGE_LABEL[r] }))}
      />
      <FilterSelect
        id={`${id}-compare`}
        label="Compare with"
        name="compare"
        value={compare}
        options={COMPARES.map((c) => ({ value: c, label: COMPARE_LABEL[c] }))}
      />
      <button type="submit" className={`${secondaryButtonClass} py-1.5`}>
        Show
      </button>
    </form>
  );
}
