import Link from "next/link";
import type { FindingsPanelData } from "@/lib/dashboards/executive-findings-schema";
import { SEVERITIES } from "@/lib/findings/status";

/** The executive dashboard's Findings panel: open findings by severity, how many are overdue and the oldest's age. */
export function ExecutiveFindingsPanel({ data }: { data: FindingsPanelData }) {
  return (
    <section
      aria-labelledby="exec-findings"
      className="mb-6 rounded-lg border border-line bg-panel p-4 sm:p-5"
      data-testid="executive-findings"
    >
      <h2 id="exec-findings" className="mb-3 text-lg font-semibold">
        Findings
      </h2>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-6">
        {[...SEVERITIES].reverse().map((s) => (
          <div key={s} className="rounded-md border border-line bg-white p-3">
            <dt className="text-xs uppercase tracking-wide text-muted">Open {s}</dt>
            <dd className="text-2xl font-semibold">
              <Link href={`/findings?status=active&severity=${s}`} className="hover:underline">
                {data.open[s]}
              </Link>
            </dd>
          </div>
        ))}
        <div className={`rounded-md border p-3 ${data.overdue ? "border-red-300 bg-red-50" : "border-line bg-white"}`}>
          <dt className="text-xs uppercase tracking-wide text-muted">Overdue</dt>
          <dd className="text-2xl font-semibold" data-testid="findings-overdue">
            <Link href="/findings?overdue=true" className="hover:underline">
              {data.overdue}
            </Link>
          </dd>
        </div>
        <div className="rounded-md border border-line bg-white p-3">
          <dt className="text-xs uppercase tracking-wide text-muted">Oldest overdue</dt>
          <dd className="text-2xl font-semibold" data-testid="findings-oldest">
            {data.oldestOverdueDays === null ? "—" : `${data.oldestOverdueDays} d`}
          </dd>
        </div>
      </dl>
      {data.oldestOverdue && (
        <p className="mt-2 text-sm text-muted">
          Oldest overdue:{" "}
          <Link href={`/findings/${data.oldestOverdue.id}`} className="text-brand underline underline-offset-2">
            {data.oldestOverdue.title}
          </Link>{" "}
          ({data.oldestOverdue.model}).
        </p>
      )}
    </section>
  );
}
