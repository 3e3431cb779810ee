import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { FindingSeverityBadge, MrmStatusBadge, OverdueBadge } from "@/components/mrm/badges";
import { FindingActions } from "@/components/mrm/finding-actions";
import { DefinitionList, PageHeader, Panel } from "@/components/ui/page";
import { requirePageActor } from "@/lib/auth/page";
import { can } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { findingSubject, getFinding, loadFinding } from "@/lib/findings/read";
import { formatTime } from "@/lib/format";

export const metadata: Metadata = { title: "Finding" };
export const dynamic = "force-dynamic";

const ACTION_WORDS: Record<string, string> = {
  "finding.raised": "Raised",
  "finding.updated": "Updated",
  "finding.remediation_started": "Remediation started",
  "finding.ready_for_validation": "Marked ready for validation",
  "finding.closed": "Closed after validation",
  "finding.risk_accepted": "Risk accepted",
};
const show = (v: unknown) => (v === null || v === undefined || v === "" ? "—" : typeof v === "string" ? v : JSON.stringify(v));

export default async function FindingPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageActor();
  const { id } = await params;
  const f = await getFinding(actor, id).catch((e) => {
    if (e instanceof AppError && e.status === 404) notFound();
    throw e;
  });
  const subject = findingSubject(await loadFinding(f.id));
  const active = f.status !== "closed";
  const may = {
    update: active && can(actor, "finding.update", subject),
    close: active && can(actor, "finding.close", subject),
    acceptRisk: active && can(actor, "finding.acceptRisk", subject),
  };
  return (
    <>
      <PageHeader
        crumbs={[
          { href: "/findings", label: "Findings" },
          { href: `/models/${encodeURIComponent(f.model)}`, label: f.model },
        ]}
        title={
          <span className="flex flex-wrap items-center gap-2">
            {f.title} <FindingSeverityBadge severity={f.severity} /> <MrmStatusBadge status={f.status} />
            {f.overdue && <OverdueBadge days={f.overdueDays} />}
          </span>
        }
        subtitle={`Raised by ${f.raisedBy} on ${formatTime(f.createdAt)}`}
      />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <div>
          <Panel title="What is wrong" id="description">
            <p className="whitespace-pre-wrap text-sm">{f.description}</p>
          </Panel>
          <Panel title="Remediation" id="remediation">
            <p className="whitespace-pre-wrap text-sm">{f.remediationPlan ?? "No remediation plan yet."}</p>
            {f.readyForValidation && <p className="mt-2 text-sm font-medium">The owner says it is ready for validation.</p>}
            {f.validationComment && (
              <p className="mt-2 text-sm">
                <span className="font-medium">Validated by {f.closedBy}:</span> {f.validationComment}
              </p>
            )}
            {f.riskJustification && (
              <p className="mt-2 text-sm">
                <span className="font-medium">
                  Risk accepted by {f.riskAcceptedBy} through {f.riskAcceptedUntil}
                  {f.status === "open" ? " (lapsed)" : ""}:
                </span>{" "}
                {f.riskJustification}
              </p>
            )}
          </Panel>
          {(may.update || may.close || may.acceptRisk) && (
            <Panel title="Act on it" id="actions">
              <FindingActions finding={f} may={may} />
            </Panel>
          )}
          <Panel title="History" id="history">
            <ol className="space-y-3 text-sm" data-testid="finding-history">
              {f.history.map((h) => (
                <li key={h.seq}>
                  <p>
                    <span className="font-medium">{ACTION_WORDS[h.action] ?? h.action}</span> by {h.actor ?? "the system"},{" "}
                    <time dateTime={h.at}>{formatTime(h.at)}</time>
                  </p>
                  {h.changes.length > 0 && (
                    <ul className="mt-1 list-disc pl-5 text-muted">
                      {h.changes.map((c) => (
                        <li key={c.field} className="break-words">
                          {c.field}: {show(c.from)} → {show(c.to)}
                        </li>
                      ))}
                    </ul>
                  )}
                </li>
              ))}
            </ol>
          </Panel>
        </div>
        <div>
          <Panel title="About" id="about">
            <DefinitionList
              items={[
                [
                  "Model",
                  <Link key="m" href={`/models/${encodeURIComponent(f.model)}`} className="underline underline-offset-2">
                    {f.model}
                  </Link>,
                ],
                ["Version", f.version],
                [
                  "Release",
                  f.releaseId && (
                    <Link key="r" href={`/releases/${f.releaseId}`} className="underline underline-offset-2">
                      {f.releaseId.slice(0, 8)}
                    </Link>
                  ),
                ],
                ["Review", f.reviewId],
                ["Owner", f.owner],
                ["Due", f.dueDate],
                [
                  "Incidents",
                  f.incidents.length
                    ? f.incidents.map((i) => (
                        <Link key={i} href={`/incidents/${i}`} className="mr-2 underline underline-offset-2">
                          {i.slice(0, 8)}
                        </Link>
                      ))
                    : null,
                ],
                ["Updated", formatTime(f.updatedAt)],
              ]}
            />
          </Panel>
        </div>
      </div>
    </>
  );
}
