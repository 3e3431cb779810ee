import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { SubjectHistory } from "@/components/audit/history";
import { DiffView } from "@/components/cards/diff-view";
import { KindBadge, ReleaseStatusBadge } from "@/components/releases/badges";
import { ChecksList } from "@/components/releases/checks-list";
import { VersionComparison } from "@/components/releases/comparison";
import { DecisionForm } from "@/components/releases/decision-form";
import { Decisions } from "@/components/releases/decisions";
import { EvidencePackLink } from "@/components/releases/evidence-pack-link";
import { RequesterActions } from "@/components/releases/requester-actions";
import { RiskBadge } from "@/components/ui/badges";
import { DefinitionList, PageHeader, Panel } from "@/components/ui/page";
import { listAudit } from "@/lib/audit/read";
import { requirePageActor } from "@/lib/auth/page";
import { can } from "@/lib/auth/policy";
import { diffVersionCards } from "@/lib/cards/cards";
import { AppError } from "@/lib/errors";
import { formatTime } from "@/lib/format";
import { getVersion } from "@/lib/inventory/versions";
import { isOpen, progress } from "@/lib/releases/machine";
import { getRelease, releaseOffer } from "@/lib/releases/read";

export const dynamic = "force-dynamic";
type Params = { id: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  return { title: `Release ${(await params).id.slice(0, 8)}` };
}

export default async function ReleasePage({ params }: { params: Promise<Params> }) {
  const actor = await requirePageActor();
  const { id } = await params;
  const r = await getRelease(actor, id).catch((e) => {
    if (e instanceof AppError && e.status === 404) notFound();
    throw e;
  });
  const [now, prev, cardDiff] = await Promise.all([
    getVersion(actor, r.model, r.version),
    r.replaces ? getVersion(actor, r.model, r.replaces.version) : null,
    r.replaces ? diffVersionCards(actor, r.model, r.replaces.version, r.version) : null,
  ]);
  const history = can(actor, "audit.read") ? await listAudit(actor, { release: r.id }, 0, 50) : null;
  // What to offer is the policy's and the machine's answer (four eyes, the requester, the checks), never decided here.
  const { state, cannotDecide, cannotApprove, canResubmit, canCancel } = await releaseOffer(actor, r.id);
  const p = progress(state);
  const approveNote = cannotApprove ? `Approve is not offered: ${cannotApprove.message}` : null;
  const waitingFor =
    r.status !== "pending"
      ? null
      : [
          p.approvals < p.required ? `${p.required - p.approvals} more approval${p.required - p.approvals === 1 ? "" : "s"}` : null,
          p.complianceNeeded && !p.complianceGiven ? "an approval from compliance" : null,
        ]
          .filter(Boolean)
          .join(", including ");
  const vHref = (v: string) => `/models/${r.model}/versions/${encodeURIComponent(v)}`;

  return (
    <>
      <PageHeader
        crumbs={[
          { href: "/releases", label: "Releases" },
          { href: `/models/${r.model}`, label: r.model },
        ]}
        title={
          <span className="flex flex-wrap items-center gap-2">
            {r.kind === "rollback" ? "Roll back" : "Release"} {r.model} <span className="font-mono">{r.version}</span> to {r.targetStage}
            <ReleaseStatusBadge status={r.status} />
            <KindBadge kind={r.kind} />
          </span>
        }
        subtitle={r.summary}
      />
      {r.status === "pending" && waitingFor && (
        <p className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900" data-testid="waiting-for">
          Waiting for {waitingFor}. {p.approvals} of {p.required} approval{p.required === 1 ? "" : "s"} so far.
        </p>
      )}
      {r.status === "approved" && (
        <p className="mb-4 rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-900">
          Approved {formatTime(r.decidedAt)}: {r.version} is in {r.targetStage}
          {r.replaces && r.targetStage === "production" ? `, and ${r.replaces.version} was archived` : ""}.
        </p>
      )}
      <div className="grid grid-cols-1 gap-x-6 lg:grid-cols-3">
        <div className="lg:col-start-3 lg:row-start-1">
          <Panel title="Request" id="request">
            <DefinitionList
              items={[
                [
                  "Model",
                  <Link key="m" href={`/models/${r.model}`} className="text-brand underline underline-offset-2">
                    {r.model}
                  </Link>,
                ],
                [
                  "Version",
                  <Link key="v" href={vHref(r.version)} className="font-mono text-brand underline underline-offset-2">
                    {r.version}
                  </Link>,
                ],
                ["Target", r.targetStage],
                [
                  "Replaces",
                  r.replaces ? (
                    <Link key="rp" href={vHref(r.replaces.version)} className="font-mono text-brand underline underline-offset-2">
                      {r.replaces.version}
                    </Link>
                  ) : (
                    "nothing in production"
                  ),
                ],
                ["Risk tier", <RiskBadge key="t" tier={r.riskTier} />],
                ["Owner", r.owner],
                [
                  "Rollout",
                  r.rollout ? `${r.rollout.strategy}${r.rollout.canaryPercent ? ` at ${r.rollout.canaryPercent}%` : ""}` : "not stated",
                ],
                ...(r.reason ? ([["Reason", r.reason]] as [string, React.ReactNode][]) : []),
                ["Requested", `${formatTime(r.requestedAt)} by ${r.requestedBy}`],
                [
                  "Needs",
                  `${r.requiredApprovals} approval${r.requiredApprovals === 1 ? "" : "s"}${r.requiresCompliance ? ", one from compliance" : ""}`,
                ],
                ["Policy", `version ${r.policyVersion}`],
                ["Round", String(r.round)],
              ]}
            />
            {can(actor, "audit.read") && <EvidencePackLink releaseId={r.id} />}
          </Panel>
        </div>
        <div className="lg:col-span-2 lg:col-start-1 lg:row-start-1">
          <Panel title="Checks" id="checks-h">
            <p className="-mt-2 mb-2 text-xs text-muted">
              {isOpen(r.status)
                ? `Evaluated now (${formatTime(r.checksEvaluatedAt)}) from the current evidence.`
                : `As evaluated at the final decision, ${formatTime(r.checksEvaluatedAt)}.`}
              {r.kind === "rollback" ? " A rollback shows its checks but they never block it." : ""}
            </p>
            <ChecksList checks={r.checks} headingId="checks-h" />
          </Panel>
          {isOpen(r.status) && (
            <Panel title="Decide" id="decide-h">
              {cannotDecide ? (
                <p className="text-sm text-muted" data-testid="cannot-decide">
                  {r.status === "changes_requested"
                    ? "Changes were requested; reviewers decide again once the requester resubmits."
                    : cannotDecide.message}
                </p>
              ) : (
                <DecisionForm releaseId={r.id} approveBlockedBecause={approveNote} />
              )}
              {(canResubmit || canCancel) && (
                <div className="mt-4 border-t border-line pt-4">
                  <RequesterActions releaseId={r.id} canResubmit={canResubmit} canCancel={canCancel} summary={r.summary} />
                </div>
              )}
            </Panel>
          )}
          <Panel title="Decisions" id="decisions-h">
            <Decisions decisions={r.decisions} round={r.round} />
          </Panel>
          {history && (
            <Panel title="History" id="history-h">
              <SubjectHistory
                items={history.items}
                nextSeq={history.nextSeq}
                after={0}
                filter={{ release: r.id }}
                pageHref={(n) => `/audit?release=${r.id}&after=${n}`}
                what="this release"
              />
            </Panel>
          )}
          {prev && (
            <Panel title={`What changes against ${prev.version}`} id="compare-h">
              <VersionComparison model={r.model} now={now} prev={prev} />
              {cardDiff ? (
                <details className="mt-4" data-testid="card-compare">
                  <summary className="cursor-pointer text-sm font-medium text-brand">
                    Compare the cards section by section ({cardDiff.sections.filter((x) => x.changed).length} of {cardDiff.sections.length}{" "}
                    differ)
                  </summary>
                  <div className="mt-3">
                    <DiffView
                      diff={cardDiff}
                      between={`${prev.version}'s card (revision ${cardDiff.from.revision}) and ${r.version}'s (revision ${cardDiff.to.revision})`}
                    />
                  </div>
                </details>
              ) : (
                <p className="mt-3 text-sm text-muted">
                  {now.card ? `${prev.version} has no card to compare with.` : `${r.version} has no card yet.`}
                </p>
              )}
            </Panel>
          )}
        </div>
      </div>
    </>
  );
}
