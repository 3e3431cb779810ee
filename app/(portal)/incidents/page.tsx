import type { Metadata } from "next";
import Link from "next/link";
import { FindingSeverityBadge, MrmStatusBadge } from "@/components/mrm/badges";
import { RiskTabs } from "@/components/shell/risk-tabs";
import { EmptyState, PageHeader } from "@/components/ui/page";
import { TableScroll } from "@/components/ui/table-scroll";
import { requirePageActor } from "@/lib/auth/page";
import { formatTime } from "@/lib/format";
import { deadlineWords } from "@/lib/incidents/deadline";
import { listIncidents } from "@/lib/incidents/read";
import { IncidentsQuery } from "@/lib/incidents/schemas";

export const metadata: Metadata = { title: "Incidents" };
export const dynamic = "force-dynamic";

type SP = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

export default async function IncidentsPage({ searchParams }: { searchParams: Promise<SP> }) {
  const actor = await requirePageActor();
  const sp = await searchParams;
  const parsed = IncidentsQuery.safeParse({ model: one(sp.model), status: one(sp.status), serious: one(sp.serious) });
  const q = parsed.success ? parsed.data : IncidentsQuery.parse({});
  const page = await listIncidents(actor, { ...q, serious: q.serious === undefined ? undefined : q.serious === "true" });
  return (
    <>
      <RiskTabs current="/incidents" />
      <PageHeader
        title="Incidents"
        subtitle="Production incidents, recorded by hand or with one click from a firing alert on the on-call dashboard. Serious incidents show their EU AI Act reporting deadline."
      />
      {page.items.length === 0 ? (
        <EmptyState title="No incidents recorded.">
          Record one from a firing alert on the{" "}
          <Link href="/dashboards/on-call" className="text-brand underline">
            on-call dashboard
          </Link>
          , or with <code className="text-xs">POST /api/v1/incidents</code>.
        </EmptyState>
      ) : (
        <TableScroll label="Incidents">
          <table className="w-full text-sm" data-testid="incidents-table">
            <thead className="text-left text-xs uppercase tracking-wide text-muted">
              <tr>
                <th scope="col" className="py-2 pr-3">
                  Incident
                </th>
                <th scope="col" className="py-2 pr-3">
                  Model
                </th>
                <th scope="col" className="py-2 pr-3">
                  Severity
                </th>
                <th scope="col" className="py-2 pr-3">
                  Status
                </th>
                <th scope="col" className="py-2 pr-3">
                  Started
                </th>
                <th scope="col" className="py-2 pr-3">
                  Report due
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-line">
              {page.items.map((i) => (
                <tr key={i.id} className={i.deadline?.overdue && !i.reportedAt ? "bg-red-50" : undefined}>
                  <td className="py-2 pr-3">
                    <Link href={`/incidents/${i.id}`} className="font-medium text-brand underline underline-offset-2">
                      {i.title}
                    </Link>
                  </td>
                  <td className="py-2 pr-3">
                    {i.model}
                    {i.version && <span className="font-mono text-muted"> {i.version}</span>}
                  </td>
                  <td className="py-2 pr-3">
                    <FindingSeverityBadge severity={i.severity} />
                  </td>
                  <td className="py-2 pr-3">
                    <MrmStatusBadge status={i.status} />
                  </td>
                  <td className="py-2 pr-3 whitespace-nowrap">{formatTime(i.startedAt)}</td>
                  <td className="py-2 pr-3 whitespace-nowrap">
                    {i.deadline ? (i.reportedAt ? "reported" : `${i.deadline.dueOn} (${deadlineWords(i.deadline)})`) : "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}
