"use client";
import { useRouter } from "next/navigation";
import { useId } from "react";
import { FilterSelect, SegmentLinks } from "@/components/ui/filters";
import { secondaryButtonClass } from "@/components/ui/page";
import { RANGE_KEYS, type Range } from "@/lib/dashboards/schemas";

export const onCallHref = (range: Range, model: string | null) =>
  `/dashboards/on-call?${new URLSearchParams({ range, ...(model ? { model } : {}) })}`;

/** The range and the model, kept in the URL (?range=24h&model=), so a link shows what its sender saw. */
export function Controls({ range, model, models }: { range: Range; model: string | null; models: string[] }) {
  const id = useId();
  const router = useRouter();
  return (
    <div className="flex flex-wrap items-end gap-3">
      <SegmentLinks label="Time range" items={RANGE_KEYS.map((r) => ({ key: r, href: onCallHref(r, model) }))} current={range} />
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
        <FilterSelect
          id={`${id}-model`}
          label="Model"
          name="model"
          value={model ?? ""}
          options={[{ value: "", label: "Every model" }, ...models.map((m) => ({ value: m, label: m }))]}
        />
        <button type="submit" className={`${secondaryButtonClass} py-1.5`}>
          Show
        </button>
      </form>
    </div>
  );
}
