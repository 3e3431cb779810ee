import type { Metadata } from "next";
import Link from "next/link";
import { FindingsTable } from "@/components/mrm/findings-table";
import { RiskTabs } from "@/components/shell/risk-tabs";
import { EmptyState, inputClass, labelClass, PageHeader, secondaryButtonClass } from "@/components/ui/page";
import { requirePageActor } from "@/lib/auth/page";
import { listFindings } from "@/lib/findings/read";
import { FindingsQuery } from "@/lib/findings/schemas";
import { FINDING_STATUSES, SEVERITIES } from "@/lib/findings/status";

export const metadata: Metadata = { title: "Findings" };
export const dynamic = "force-dynamic";

type SP = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

export default async function FindingsPage({ searchParams }: { searchParams: Promise<SP> }) {
  const actor = await requirePageActor();
  const sp = await searchParams;
  const parsed = FindingsQuery.safeParse({
    model: one(sp.model),
    status: one(sp.status) ?? "active",
    severity: one(sp.severity),
    overdue: one(sp.overdue),
    cursor: one(sp.cursor),
  });
  const q = parsed.success ? parsed.data : FindingsQuery.parse({ status: "active" });
  const page = await listFindings(actor, { ...q, overdue: q.overdue === undefined ? undefined : q.overdue === "true" });
  const next = new URLSearchParams(
    Object.entries({
      model: q.model,
      status: q.status,
      severity: q.severity,
      overdue: q.overdue,
      cursor: page.nextCursor ?? undefined,
    }).filter((e): e is [string, string] => Boolean(e[1])),
  );
  return (
    <>
      <RiskTabs current="/findings" />
      <PageHeader
        title="Findings"
        subtitle="Model-risk findings raised by validators, reviewers and compliance, tracked to a validated close. Open high and critical findings block releases."
      />
      <form method="get" className="mb-5 flex flex-wrap items-end gap-3" aria-label="Filter findings">
        <div>
          <label htmlFor="f-model" className={labelClass}>
            Model
          </label>
          <input id="f-model" name="model" defaultValue={q.model ?? ""} className={inputClass} />
        </div>
        <div>
          <label htmlFor="f-status" className={labelClass}>
            Status
          </label>
          <select id="f-status" name="status" defaultValue={q.status ?? ""} className={inputClass}>
            <option value="active">open or in remediation</option>
            {FINDING_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.replace("_", " ")}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="f-severity" className={labelClass}>
            Severity
          </label>
          <select id="f-severity" name="severity" defaultValue={q.severity ?? ""} className={inputClass}>
            <option value="">any</option>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div className="flex items-center gap-2 pb-2">
          <input id="f-overdue" type="checkbox" name="overdue" value="true" defaultChecked={q.overdue === "true"} className="size-4" />
          <label htmlFor="f-overdue" className="text-sm">
            Overdue only
          </label>
        </div>
        <button type="submit" className={secondaryButtonClass}>
          Filter
        </button>
      </form>
      {page.items.length === 0 ? (
        <EmptyState title="No findings match.">
          Reviewers and compliance raise findings from a model&apos;s page; they appear here until they are closed.
        </EmptyState>
      ) : (
        <FindingsTable items={page.items} />
      )}
      {page.nextCursor && (
        <Link href={`/findings?${next}`} className="mt-3 inline-block text-sm text-brand underline underline-offset-2">
          More findings
        </Link>
      )}
    </>
  );
}
