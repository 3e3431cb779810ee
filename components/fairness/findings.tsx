import type { RateName } from "@/lib/fairness/rates";
import type { AttributeSummary, GroupResult } from "@/lib/fairness/verdict";
import { disparitySentence, type Wording } from "@/lib/fairness/wording";

export type Finding = { attribute: string; group: string; metric: RateName; sentence: string };

/** Every failing disparity as a sentence, worst first within each group. */
export function findingsOf(groups: GroupResult[], summaries: Record<string, AttributeSummary>, wording: Wording): Finding[] {
  const out: Finding[] = [];
  for (const g of groups) {
    const ref = summaries[g.attribute]?.referenceGroup ?? "reference";
    const flags = g.flags
      .filter((f) => f.fails && f.metric)
      .sort((a, b) => Math.abs(Math.log(b.disparity ?? 1e9)) - Math.abs(Math.log(a.disparity ?? 1e9)));
    for (const f of flags) {
      const metric = f.metric as RateName;
      out.push({
        attribute: g.attribute,
        group: g.group,
        metric,
        sentence:
          f.disparity === null || f.disparity === undefined ? f.message : disparitySentence(metric, g.group, ref, f.disparity, wording),
      });
    }
  }
  return out;
}

/** The verdict in words: who fails, on what, and what it means. */
export function Findings({
  findings,
  summaries,
  limit = 4,
  rest = "in the disparity table below",
}: {
  findings: Finding[];
  summaries: Record<string, AttributeSummary>;
  limit?: number;
  rest?: string;
}) {
  const byGroup = new Map<string, Finding[]>();
  for (const f of findings) {
    const k = `${f.attribute}\u0000${f.group}`;
    byGroup.set(k, [...(byGroup.get(k) ?? []), f]);
  }
  const fourFifths = Object.entries(summaries).filter(([, s]) => s.fourFifths.passed === false);
  if (byGroup.size === 0 && fourFifths.length === 0) return null;
  return (
    <ul className="space-y-3">
      {[...byGroup.values()].map((list) => (
        <li key={`${list[0].attribute}/${list[0].group}`} className="rounded-md border border-red-200 bg-red-50 p-3" data-testid="finding">
          <p className="font-semibold text-bad">
            <span aria-hidden>✗ </span>
            {list[0].group} <span className="font-normal text-ink">({list[0].attribute})</span> fails on {list.length} rate
            {list.length === 1 ? "" : "s"}
          </p>
          <ul className="mt-1 list-disc space-y-1 pl-5 text-sm">
            {list.slice(0, limit).map((f) => (
              <li key={f.metric}>{f.sentence}</li>
            ))}
            {list.length > limit && (
              <li className="text-muted">
                and {list.length - limit} more {rest}.
              </li>
            )}
          </ul>
        </li>
      ))}
      {fourFifths.map(([attr, s]) => (
        <li key={`ff-${attr}`} className="rounded-md border border-red-200 bg-red-50 p-3 text-sm">
          <span className="font-semibold text-bad">✗ Four-fifths rule fails for {attr}:</span> the least-selected group is selected{" "}
          {Number((s.fourFifths.ratio ?? 0).toPrecision(3))} times as often as the most-selected (under 0.8).
        </li>
      ))}
    </ul>
  );
}
