"use client";
import { TableScroll } from "@/components/ui/table-scroll";
import type { DebugOutlierInputView, DebugViewData } from "@/lib/dashboards/debug-schemas";
import { count, num, pct, value, when } from "./format";

/** A share as a bar on a scale to `max`, with the threshold marked: the figure beside it is the text. */
function ShareBar({
  share,
  max,
  threshold,
  over,
  label,
}: {
  share: number | null;
  max: number;
  threshold: number;
  over: boolean;
  label: string;
}) {
  const w = share === null ? 0 : Math.min(100, (share / max) * 100);
  return (
    <div className="relative h-3 w-full rounded-sm bg-slate-100" aria-hidden="true" title={label}>
      <div className={`absolute inset-y-0 left-0 rounded-sm ${over ? "bg-red-700" : "bg-[#3b6e9c]"}`} style={{ width: `${w}%` }} />
      <div className="absolute inset-y-[-2px] w-0.5 bg-slate-700" style={{ left: `${Math.min(100, (threshold / max) * 100)}%` }} />
    </div>
  );
}

const rangeText = (i: DebugOutlierInputView) =>
  i.range ? `outside ${num(i.range[0])} to ${num(i.range[1])}` : "categories the reference never saw";

function InputRow({ i, max, threshold, label }: { i: DebugOutlierInputView; max: number; threshold: number; label: string }) {
  const name = i.target === "prediction" ? "prediction (model output)" : i.name;
  return (
    <li
      className="grid grid-cols-1 gap-1 py-2 sm:grid-cols-[minmax(8rem,14rem)_1fr_minmax(9rem,auto)] sm:items-center sm:gap-3"
      data-testid="outlier-input"
    >
      <div className="min-w-0">
        <span className="font-mono text-sm font-semibold break-all">{name}</span>
        <span className="block text-xs text-muted">{rangeText(i)}</span>
      </div>
      <ShareBar share={i.share} max={max} threshold={threshold} over={i.over} label={`${name}: ${pct(i.share, 1)} in the ${label}`} />
      <div className="text-sm tabular-nums sm:text-right">
        <span className={i.over ? "font-semibold text-bad" : ""}>{i.n ? pct(i.share, 1) : "no values"}</span>
        {i.n > 0 && (
          <span className="text-xs text-muted">
            {" "}
            ({count(i.outliers)} of {count(i.n)})
          </span>
        )}
        <span className="block text-xs text-muted">
          earlier {i.earlier.n ? `${pct(i.earlier.share, 1)} of ${count(i.earlier.n)}` : "no values"}
        </span>
      </div>
    </li>
  );
}

function Empty({ data }: { data: DebugViewData }) {
  return (
    <p className="rounded-md border border-dashed border-line p-4 text-sm" data-testid="no-outliers-reference">
      Outliers are values outside the range the version saw in training, so they need its reference profile. Register one with{" "}
      <code className="text-xs break-all">
        PUT /api/v1/models/{data.model}/versions/{data.version}/reference
      </code>{" "}
      (the same profile drift uses; add <code className="text-xs break-all">{'"prediction": {"type": "numeric", "values": [...]}'}</code> to
      check the model&apos;s outputs too). Shares are counted from the telemetry that arrives after it.
    </p>
  );
}

/** F6: per feature (and the prediction), the share of values outside the reference, and the sampled inputs farthest out. */
export function OutliersPanel({ data, label }: { data: DebugViewData; label: string }) {
  const o = data.outliers;
  const threshold = o.threshold;
  const max = Math.max(threshold * 2, ...o.inputs.map((i) => i.share ?? 0), 0.01);
  const over = o.inputs.filter((i) => i.over).length;
  return (
    <section aria-labelledby="dbg-outliers" className="mb-6 rounded-lg border border-line bg-panel p-4 sm:p-5" data-testid="outliers-panel">
      <h2 id="dbg-outliers" className="mb-1 text-lg font-semibold">
        Outliers
      </h2>
      {!data.drift.reference ? (
        <Empty data={data} />
      ) : (
        <>
          <p className="mb-3 text-sm text-muted" data-testid="outliers-summary">
            Share of values in the {label} outside the reference&apos;s 0.5–99.5 % range (about 1 % in training), or of categories it never
            saw. {over === 0 ? "None is" : `${over} of ${o.inputs.length} ${over === 1 ? "is" : "are"}`} above this model&apos;s threshold
            of {pct(threshold, 1)} (the dark mark); above it for 3 judged hours in a row raises a ticket. Poisoned or adversarial inputs
            often show here first.
          </p>
          <ol className="mb-4 divide-y divide-line" aria-label="Outlier share per input, highest first">
            {o.inputs.map((i) => (
              <InputRow key={`${i.target}:${i.name}`} i={i} max={max} threshold={threshold} label={label} />
            ))}
          </ol>
          <h3 className="mb-1 text-base font-semibold">Sampled inputs farthest outside</h3>
          {o.samples.length === 0 ? (
            <p className="text-sm text-muted" data-testid="no-outlier-samples">
              No sampled request in the {label} has a feature outside the reference.
            </p>
          ) : (
            <>
              <p className="mb-2 text-sm text-muted">
                Scored by how many features fall outside, then how far (in widths of each feature&apos;s 0.5–99.5 % range; an unseen
                category counts 1).
              </p>
              <TableScroll label="Sampled inputs farthest outside the reference">
                <table className="min-w-full divide-y divide-line rounded-md border border-line text-sm" data-testid="outlier-samples">
                  <thead className="bg-slate-50 text-left text-xs text-muted">
                    <tr>
                      <th scope="col" className="px-3 py-2 font-medium">
                        Time (UTC)
                      </th>
                      <th scope="col" className="px-3 py-2 font-medium">
                        Trace id
                      </th>
                      <th scope="col" className="px-3 py-2 text-right font-medium">
                        Outside
                      </th>
                      <th scope="col" className="px-3 py-2 font-medium">
                        Features outside (ranges away)
                      </th>
                      <th scope="col" className="px-3 py-2 font-medium">
                        Prediction
                      </th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-line bg-white">
                    {o.samples.map((s, n) => (
                      <tr key={`${s.ts}|${s.traceId ?? n}|${s.latencyMs}`} data-testid="outlier-sample">
                        <td className="px-3 py-1.5 align-top whitespace-nowrap">
                          <time dateTime={s.ts}>{when(s.ts)}</time>
                        </td>
                        <td className="px-3 py-1.5 align-top font-mono text-xs whitespace-nowrap">
                          {s.traceId ?? <span className="text-muted">—</span>}
                        </td>
                        <td className="px-3 py-1.5 text-right align-top tabular-nums">{s.outliers.count}</td>
                        <td className="px-3 py-1.5 align-top font-mono text-xs">
                          <span className="block min-w-48 break-words">
                            {s.outliers.features.map((f) => `${f.name}=${value(f.value)} (${num(f.distance)})`).join(", ")}
                          </span>
                        </td>
                        <td className="px-3 py-1.5 align-top font-mono text-xs">{value(s.prediction)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            </>
          )}
        </>
      )}
    </section>
  );
}
