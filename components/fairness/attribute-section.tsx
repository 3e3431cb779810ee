import type { RateName } from "@/lib/fairness/rates";
import type { AttributeSummary, GroupResult } from "@/lib/fairness/verdict";
import type { Wording } from "@/lib/fairness/wording";
import { AttributeCharts } from "./attribute-charts";
import { VerdictBadge } from "./audit-verdict";
import { CountsTable, DisparityTable } from "./group-tables";
import { SummaryFigures } from "./summary-figures";

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "") || "attribute";

/** One attribute (or pair of attributes): charts, the summary figures and the group tables. */
export function AttributeSection({
  attribute,
  summary,
  groups,
  judged,
  thresholds,
  wording,
}: {
  attribute: string;
  summary: AttributeSummary;
  groups: GroupResult[];
  judged: RateName[];
  thresholds: { min: number; max: number };
  wording: Wording;
}) {
  const id = `attr-${slug(attribute)}`;
  // Open on the rate of the worst failing disparity (furthest from 1 either way); else selection rate.
  let initial: RateName = "selectionRate";
  let worst = 0;
  for (const g of groups)
    for (const f of g.flags) {
      if (!f.fails || !f.metric) continue;
      const far = f.disparity ? Math.abs(Math.log(f.disparity)) : Number.POSITIVE_INFINITY;
      if (far > worst) [worst, initial] = [far, f.metric];
    }
  return (
    <section aria-labelledby={id} className="mb-6 rounded-lg border border-line bg-panel p-4 sm:p-5" data-testid={`attribute-${attribute}`}>
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <h2 id={id} className="text-lg font-semibold">
          By {attribute}
        </h2>
        <VerdictBadge passed={summary.passed} />
        <span className="text-sm text-muted">
          reference: <span className="font-medium text-ink">{summary.referenceGroup ?? "none"}</span> · {summary.groups} groups
        </span>
      </div>
      {summary.notes.length > 0 && (
        <ul className="mb-3 list-disc pl-5 text-sm text-muted">
          {summary.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      {groups.length < 2 ? (
        <p className="mb-4 text-sm text-muted">Only one group was found for {attribute}: there is nothing to compare.</p>
      ) : (
        <AttributeCharts
          attribute={attribute}
          groups={groups}
          judged={judged}
          thresholds={thresholds}
          reference={summary.referenceGroup}
          initial={initial}
        />
      )}
      <h3 className="mt-6 mb-2 font-semibold">Summary across groups</h3>
      <SummaryFigures summary={summary} wording={wording} />
      <h3 className="mt-6 mb-2 font-semibold">Confusion counts and rates</h3>
      <CountsTable groups={groups} caption={`Confusion counts and rates by ${attribute}`} />
      <h3 className="mt-6 mb-2 font-semibold">Disparities against {summary.referenceGroup ?? "the reference"}</h3>
      <p className="mb-2 text-sm text-muted">
        Each rate ÷ the reference group&apos;s. A group passes a rate when {thresholds.min} ≤ disparity ≤ {thresholds.max}; ✗ marks a
        failure, ! a flag that does not fail (a group too small to judge, or a reference rate of 0).
      </p>
      <DisparityTable groups={groups} judged={judged} caption={`Disparities by ${attribute} against ${summary.referenceGroup}`} />
    </section>
  );
}
