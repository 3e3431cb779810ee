import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { FindingSeverityBadge, MrmStatusBadge } from "@/components/mrm/badges";
import { RaiseFindingForm } from "@/components/mrm/findings-raise-form";
import { IncidentEditForm, SeriousForm, TimelineForm } from "@/components/mrm/incident-actions";
import { DefinitionList, PageHeader, Panel } from "@/components/ui/page";
import { requirePageActor } from "@/lib/auth/page";
import { can } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { formatTime } from "@/lib/format";
import { ARTICLE, CATEGORY_TITLES, deadlineWords } from "@/lib/incidents/deadline";
import { getIncident } from "@/lib/incidents/read";
import { getModel } from "@/lib/inventory/models";

export const metadata: Metadata = { title: "Incident" };
export const dynamic = "force-dynamic";

export default async function IncidentPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageActor();
  const { id } = await params;
  const i = await getIncident(actor, id).catch((e) => {
    if (e instanceof AppError && e.status === 404) notFound();
    throw e;
  });
  const mayUpdate = can(actor, "incident.update");
  const mayReport = can(actor, "incident.report");
  const mayRaise = can(actor, "finding.raise");
  const m = mayRaise ? await getModel(actor, i.model) : null;
  const d = i.deadline;
  return (
    <>
      <PageHeader
        crumbs={[{ href: "/incidents", label: "Incidents" }]}
        title={
          <span className="flex flex-wrap items-center gap-2">
            {i.title} <FindingSeverityBadge severity={i.severity} /> <MrmStatusBadge status={i.status} />
          </span>
        }
        subtitle={`Recorded by ${i.createdBy} on ${formatTime(i.createdAt)}`}
      />
      {d && (
        <section
          aria-labelledby="deadline"
          data-testid="serious-deadline"
          className={`mb-6 rounded-lg border p-4 ${d.overdue && !i.reportedAt ? "border-red-400 bg-red-50" : "border-amber-300 bg-amber-50"}`}
        >
          <h2 id="deadline" className="font-semibold">
            Serious incident: report due {d.dueOn} ({i.reportedAt ? `sent ${formatTime(i.reportedAt)}` : deadlineWords(d)})
          </h2>
          <p className="mt-1 text-sm">
            {CATEGORY_TITLES[d.category]}, under the EU AI Act {ARTICLE[d.category]}: counted from {d.awareOn}, the day the provider became
            aware of it.
          </p>
          {mayReport && (
            <p className="mt-2 flex flex-wrap gap-4 text-sm">
              <a href={`/api/v1/incidents/${i.id}/report`} className="text-brand underline underline-offset-2">
                Download the report (Markdown)
              </a>
              <a href={`/api/v1/incidents/${i.id}/report?format=html`} className="text-brand underline underline-offset-2">
                Printable report
              </a>
            </p>
          )}
        </section>
      )}
      <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <div>
          <Panel title="Timeline" id="timeline">
            <ol className="space-y-2 text-sm" data-testid="incident-timeline">
              {i.timeline.map((t) => (
                <li key={t.id}>
                  <time dateTime={t.ts} className="font-mono text-xs text-muted">
                    {formatTime(t.ts)}
                  </time>{" "}
                  {t.text} <span className="text-muted">({t.author})</span>
                </li>
              ))}
            </ol>
            {mayUpdate && <TimelineForm id={i.id} />}
          </Panel>
          <Panel title="Impact and cause" id="impact">
            <DefinitionList
              items={[
                ["Impact", i.impact],
                ["Decisions affected", i.decisionsAffected],
                ["How many", i.decisionsAffectedCount === null ? null : String(i.decisionsAffectedCount)],
                ["Root cause", i.rootCause],
              ]}
            />
            {mayUpdate && (
              <details className="mt-4">
                <summary className="cursor-pointer text-sm font-medium text-brand">Update the incident</summary>
                <div className="mt-3">
                  <IncidentEditForm incident={i} />
                </div>
              </details>
            )}
          </Panel>
          <Panel title="Corrective actions" id="corrective">
            {i.findings.length === 0 ? (
              <p className="text-sm text-muted">No finding is linked yet.</p>
            ) : (
              <ul className="space-y-1 text-sm">
                {i.findings.map((f) => (
                  <li key={f.id} className="flex flex-wrap items-center gap-2">
                    <Link href={`/findings/${f.id}`} className="text-brand underline underline-offset-2">
                      {f.title}
                    </Link>
                    <FindingSeverityBadge severity={f.severity} /> <MrmStatusBadge status={f.status} /> due {f.dueDate}
                  </li>
                ))}
              </ul>
            )}
            {m && (
              <details className="mt-4">
                <summary className="cursor-pointer text-sm font-medium text-brand">Raise a finding from this incident</summary>
                <div className="mt-3">
                  <RaiseFindingForm model={m.name} versions={m.versions.map((v) => v.version)} owner={m.owner} incidentId={i.id} />
                </div>
              </details>
            )}
          </Panel>
        </div>
        <div>
          <Panel title="About" id="about">
            <DefinitionList
              items={[
                [
                  "Model",
                  <Link key="m" href={`/models/${encodeURIComponent(i.model)}`} className="underline underline-offset-2">
                    {i.model}
                  </Link>,
                ],
                ["Version", i.version],
                ["Started", formatTime(i.startedAt)],
                ["Detected", formatTime(i.detectedAt)],
                ["Resolved", i.resolvedAt ? formatTime(i.resolvedAt) : null],
                [
                  "From alert",
                  i.alertId ? (
                    <Link key="a" href="/dashboards/on-call" className="underline underline-offset-2">
                      on-call
                    </Link>
                  ) : null,
                ],
                ["Serious", i.seriousCategory ? CATEGORY_TITLES[i.seriousCategory] : "no"],
              ]}
            />
          </Panel>
          {mayReport && (
            <Panel title="Reporting" id="reporting">
              <SeriousForm incident={i} />
            </Panel>
          )}
        </div>
      </div>
    </>
  );
}
