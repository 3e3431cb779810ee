"use client";
import { useId, useState } from "react";
import { RATE_LABELS, RATES, type RateName } from "@/lib/fairness/rates";
import type { GroupResult } from "@/lib/fairness/verdict";
import { DisparityChart } from "./disparity-chart";
import { RateChart } from "./rate-chart";

/** The rate picker and the two charts of one attribute (or pair): the rate by group, and its disparity with the band. */
export function AttributeCharts({
  attribute,
  groups,
  judged,
  thresholds,
  reference,
  initial,
}: {
  attribute: string;
  groups: GroupResult[];
  judged: RateName[];
  thresholds: { min: number; max: number };
  reference: string | null;
  initial: RateName;
}) {
  const [metric, setMetric] = useState<RateName>(initial);
  const name = useId();
  const failing = new Set(groups.flatMap((g) => g.flags.filter((f) => f.fails && f.metric).map((f) => f.metric as RateName)));
  return (
    <div>
      <fieldset className="mb-4">
        <legend className="mb-2 text-sm font-medium">Rate to chart for {attribute}</legend>
        <div className="flex flex-wrap gap-1.5">
          {RATES.map((r) => (
            <label
              key={r}
              className={`cursor-pointer rounded-full border px-2.5 py-1 text-xs has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-brand ${
                metric === r ? "border-brand bg-brand text-white" : "border-line bg-white text-ink hover:bg-slate-50"
              }`}
            >
              <input type="radio" name={name} value={r} checked={metric === r} onChange={() => setMetric(r)} className="sr-only" />
              {RATE_LABELS[r]}
              {failing.has(r) ? (
                <span className={metric === r ? "" : "text-bad"}> · fails</span>
              ) : judged.includes(r) ? (
                ""
              ) : (
                <span className="sr-only"> (not judged)</span>
              )}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        <RateChart
          label={RATE_LABELS[metric]}
          points={groups.map((g) => ({
            group: g.group,
            value: g[metric],
            low: g.intervals[metric]?.low ?? null,
            high: g.intervals[metric]?.high ?? null,
            isReference: g.isReference,
            tooSmall: g.tooSmall,
          }))}
        />
        <DisparityChart
          label={RATE_LABELS[metric]}
          reference={reference}
          thresholds={thresholds}
          points={groups.map((g) => ({
            group: g.group,
            disparity: g.disparities[metric],
            isReference: g.isReference,
            tooSmall: g.tooSmall,
            fails: g.flags.some((f) => f.fails && f.metric === metric),
          }))}
        />
      </div>
      {!judged.includes(metric) && (
        <p className="mt-2 text-xs text-muted">{RATE_LABELS[metric]} is reported but does not decide this audit&apos;s verdict.</p>
      )}
    </div>
  );
}
