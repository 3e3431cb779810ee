import type { AttributeSummary } from "@/lib/fairness/verdict";
import { summaryMeaning, type Wording } from "@/lib/fairness/wording";
import { ratio } from "./format";

const FIGURES = [
  ["demographicParityDifference", "Demographic parity difference"],
  ["demographicParityRatio", "Demographic parity ratio"],
  ["equalizedOddsDifference", "Equalized odds difference"],
  ["equalizedOddsRatio", "Equalized odds ratio"],
  ["disparateImpact", "Disparate impact (four-fifths rule)"],
] as const;

/** Fairlearn's worst-case figures across the groups, each with what it means. */
export function SummaryFigures({ summary, wording }: { summary: AttributeSummary; wording: Wording }) {
  return (
    <dl className="grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-3">
      {FIGURES.map(([key, label]) => {
        const v = summary[key];
        const failsFourFifths = key === "disparateImpact" && v !== null && v < 0.8;
        return (
          <div key={key} className={`rounded-md border p-3 ${failsFourFifths ? "border-red-300 bg-red-50" : "border-line"}`}>
            <dt className="text-xs font-medium uppercase tracking-wide text-muted">{label}</dt>
            <dd className="mt-1">
              <span className={`text-xl font-semibold tabular-nums ${failsFourFifths ? "text-bad" : ""}`}>{ratio(v)}</span>
              <p className="mt-1 text-sm text-ink">
                {v === null ? "Not enough data in the groups to take this figure." : summaryMeaning[key](v, wording)}
              </p>
            </dd>
          </div>
        );
      })}
      <div className="rounded-md border border-line p-3">
        <dt className="text-xs font-medium uppercase tracking-wide text-muted">Four-fifths rule, judged groups</dt>
        <dd className="mt-1 text-sm">
          {summary.fourFifths.passed === null ? (
            <span>
              Does not apply:{" "}
              {summary.fourFifths.groupsCompared < 2 ? "fewer than two groups large enough to judge" : "nobody was selected"}.
            </span>
          ) : (
            <span className={summary.fourFifths.passed ? "text-ok" : "font-semibold text-bad"}>
              {summary.fourFifths.passed ? "✓ holds" : "✗ fails"}: ratio {ratio(summary.fourFifths.ratio)} over{" "}
              {summary.fourFifths.groupsCompared} groups.
            </span>
          )}
        </dd>
      </div>
    </dl>
  );
}
