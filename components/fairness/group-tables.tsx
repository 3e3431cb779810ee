import { RATE_LABELS, RATE_SHORT, type RateName } from "@/lib/fairness/rates";
import type { GroupResult } from "@/lib/fairness/verdict";
import { count, rate, ratio } from "./format";

const th = "py-2 pr-3 text-right font-medium whitespace-nowrap";
const td = "py-2 pr-3 text-right tabular-nums whitespace-nowrap";

/** Scrollable on a phone; focusable so a keyboard can scroll it too. */
export function TableScroll({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} className="overflow-x-auto rounded focus-visible:outline-2">
      {children}
    </div>
  );
}

function GroupName({ g }: { g: GroupResult }) {
  return (
    <span className="flex flex-wrap items-center gap-1.5">
      <span className="font-medium">{g.group}</span>
      {g.isReference && <span className="rounded bg-slate-100 px-1.5 text-xs text-slate-700 ring-1 ring-slate-300">reference</span>}
      {g.tooSmall && <span className="rounded bg-slate-100 px-1.5 text-xs text-slate-600 ring-1 ring-slate-300">too small to judge</span>}
    </span>
  );
}

function Verdict({ g }: { g: GroupResult }) {
  if (g.isReference) return <span className="text-muted">reference</span>;
  if (g.tooSmall) return <span className="text-slate-600">not judged</span>;
  return g.passed ? <span className="text-ok">✓ passes</span> : <span className="font-semibold text-bad">✗ fails</span>;
}

/** A short rate heading, spelled out for screen readers and on hover. */
export function RateHeading({ r }: { r: RateName }) {
  return (
    <abbr title={RATE_LABELS[r]} className="no-underline">
      {RATE_SHORT[r]}
    </abbr>
  );
}

/** What the short headings stand for, once under each table. */
export function RateLegend({ rates }: { rates: RateName[] }) {
  return (
    <p className="mt-2 text-xs text-muted">
      {rates.map((r) => `${RATE_SHORT[r]} ${RATE_LABELS[r].charAt(0).toLowerCase()}${RATE_LABELS[r].slice(1)}`).join(" · ")}
    </p>
  );
}

const rowClass = (g: GroupResult) =>
  `border-b border-line last:border-0 ${g.tooSmall ? "bg-slate-50 text-slate-600" : !g.passed ? "bg-red-50/60" : ""}`;

/** Confusion counts and the main rates of each group. */
export function CountsTable({ groups, caption }: { groups: GroupResult[]; caption: string }) {
  const rates: RateName[] = ["selectionRate", "prevalence", "tpr", "fpr", "fnr", "tnr", "ppv", "npv", "accuracy"];
  return (
    <TableScroll label={caption}>
      <table className="w-full text-left text-sm" data-testid="counts-table">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-line text-xs uppercase tracking-wide text-muted">
          <tr>
            <th scope="col" className="py-2 pr-3 font-medium">
              Group
            </th>
            <th scope="col" className={th}>
              n
            </th>
            <th scope="col" className={th} title="true positives">
              TP
            </th>
            <th scope="col" className={th} title="false positives">
              FP
            </th>
            <th scope="col" className={th} title="true negatives">
              TN
            </th>
            <th scope="col" className={th} title="false negatives">
              FN
            </th>
            {rates.map((r) => (
              <th key={r} scope="col" className={th}>
                <RateHeading r={r} />
              </th>
            ))}
            <th scope="col" className="py-2 pr-3 font-medium">
              Verdict
            </th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={g.group} className={rowClass(g)} data-group={g.group}>
              <th scope="row" className="min-w-32 py-2 pr-3 text-left font-normal">
                <GroupName g={g} />
              </th>
              <td className={td}>{count(g.n)}</td>
              <td className={td}>{count(g.tp)}</td>
              <td className={td}>{count(g.fp)}</td>
              <td className={td}>{count(g.tn)}</td>
              <td className={td}>{count(g.fn)}</td>
              {rates.map((r) => (
                <td key={r} className={td}>
                  {rate(g[r])}
                </td>
              ))}
              <td className="py-2 pr-3 whitespace-nowrap">
                <Verdict g={g} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <RateLegend rates={rates} />
    </TableScroll>
  );
}

/** Each judged rate's disparity against the reference; a value outside the band is marked, in words as well as colour. */
export function DisparityTable({ groups, judged, caption }: { groups: GroupResult[]; judged: RateName[]; caption: string }) {
  return (
    <TableScroll label={caption}>
      <table className="w-full text-left text-sm" data-testid="disparity-table">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-line text-xs uppercase tracking-wide text-muted">
          <tr>
            <th scope="col" className="py-2 pr-3 font-medium">
              Group
            </th>
            {judged.map((r) => (
              <th key={r} scope="col" className={th}>
                <RateHeading r={r} />
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={g.group} className={rowClass(g)}>
              <th scope="row" className="min-w-32 py-2 pr-3 text-left font-normal">
                <GroupName g={g} />
              </th>
              {judged.map((r) => {
                const flag = g.flags.find((f) => f.metric === r && f.kind !== "too_small");
                const bad = flag?.fails;
                return (
                  <td key={r} className={`${td} ${bad ? "font-semibold text-bad" : ""}`} title={flag?.message}>
                    {g.isReference ? "1" : ratio(g.disparities[r])}
                    {bad ? <span> ✗</span> : flag ? <span className="text-slate-500"> !</span> : null}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <RateLegend rates={judged} />
    </TableScroll>
  );
}
