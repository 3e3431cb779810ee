import type { Metadata } from "next";
import Link from "next/link";
import { OutcomeBadge } from "@/components/mrm/review-state";
import { ScheduleTable } from "@/components/mrm/schedule-table";
import { RiskTabs } from "@/components/shell/risk-tabs";
import { EmptyState, PageHeader, Panel, secondaryButtonClass } from "@/components/ui/page";
import { requirePageActor } from "@/lib/auth/page";
import { can } from "@/lib/auth/policy";
import { formatDay } from "@/lib/format";
import { listAttestations } from "@/lib/mrm/attestations";
import { pendingAssessments } from "@/lib/mrm/model-risk";
import { listReviews } from "@/lib/mrm/reviews";

export const metadata: Metadata = { title: "Reviews" };
export const dynamic = "force-dynamic";

export default async function ReviewsPage() {
  const actor = await requirePageActor();
  const { items, open } = await listReviews(actor, {});
  const overdue = items.filter((s) => s.state === "overdue");
  const upcoming = items.filter((s) => s.state === "upcoming");
  const scheduled = items.filter((s) => s.state === "scheduled");
  const attest = can(actor, "attestations.read") ? (await listAttestations(actor, {})).items : null;
  const assessments = can(actor, "assessment.confirm") ? await pendingAssessments(actor) : [];
  return (
    <>
      <RiskTabs current="/reviews" />
      <PageHeader
        title="Reviews"
        subtitle="Periodic reviews of production models: every tier is reviewed on the schedule of the review policy, by a validator independent of the model."
        actions={
          can(actor, "reviewPolicy.manage") ? (
            <Link href="/admin/review-policy" className={secondaryButtonClass}>
              Review policy
            </Link>
          ) : undefined
        }
      />
      <Panel title={`Overdue (${overdue.length})`} id="overdue">
        {overdue.length ? <ScheduleTable items={overdue} label="Overdue reviews" /> : <EmptyState title="No review is overdue." />}
      </Panel>
      <Panel title={`Due within 30 days (${upcoming.length})`} id="upcoming">
        {upcoming.length ? (
          <ScheduleTable items={upcoming} label="Upcoming reviews" />
        ) : (
          <EmptyState title="No review falls due in the next 30 days." />
        )}
      </Panel>
      <Panel title={`Open (${open.length})`} id="open">
        {open.length === 0 ? (
          <EmptyState title="No review is open." />
        ) : (
          <ul className="space-y-1 text-sm">
            {open.map((r) => (
              <li key={r.id}>
                <Link href={`/reviews/${r.id}`} className="font-mono text-brand underline underline-offset-2">
                  {r.model}
                </Link>{" "}
                <OutcomeBadge outcome={null} />{" "}
                <span className="text-muted">
                  started by {r.startedBy}, {formatDay(r.startedAt)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Panel>
      {assessments.length > 0 && (
        <Panel title={`Risk assessments to confirm (${assessments.length})`} id="assessments">
          <ul className="space-y-1 text-sm">
            {assessments.map((a) => (
              <li key={a.id}>
                <Link href={`/models/${a.model}#risk`} className="font-mono text-brand underline underline-offset-2">
                  {a.model}
                </Link>{" "}
                <span className="text-muted">
                  suggests {a.suggestedTier}, by {a.submittedBy}, {formatDay(a.submittedAt)}
                </span>
              </li>
            ))}
          </ul>
        </Panel>
      )}
      {attest && (
        <Panel title={`Outstanding attestations (${attest.length})`} id="attestations">
          {attest.length === 0 ? (
            <EmptyState title="Every owner has attested their production models." />
          ) : (
            <ul className="space-y-1 text-sm" data-testid="outstanding-attestations">
              {attest.map((a) => (
                <li key={a.model}>
                  <Link href={`/models/${a.model}#risk`} className="font-mono text-brand underline underline-offset-2">
                    {a.model}
                  </Link>{" "}
                  <span className="text-muted">
                    {a.owner}, due {formatDay(a.dueAt)}
                    {a.lastAttestedAt ? `, last ${formatDay(a.lastAttestedAt)}` : ", never attested"}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Panel>
      )}
      <Panel title={`Scheduled (${scheduled.length})`} id="scheduled">
        {scheduled.length ? (
          <ScheduleTable items={scheduled} label="Scheduled reviews" />
        ) : (
          <EmptyState title="Nothing else is scheduled." />
        )}
      </Panel>
    </>
  );
}
