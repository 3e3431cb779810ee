import Link from "next/link";
import { RiskBadge } from "@/components/ui/badges";
import { DefinitionList, Panel } from "@/components/ui/page";
import type { Actor } from "@/lib/auth/actor";
import { can, modelSubject } from "@/lib/auth/policy";
import { formatDay, formatTime } from "@/lib/format";
import { modelRisk } from "@/lib/mrm/model-risk";
import { currentQuestionnaire } from "@/lib/mrm/questionnaires";
import { AssessmentForm } from "./assessment-form";
import { AttestForm } from "./attest-form";
import { ConfirmAssessmentForm } from "./confirm-assessment-form";
import { RecordReviewForm } from "./record-review-form";
import { OutcomeBadge, ReviewStateBadge } from "./review-state";
import { StartReviewButton } from "./start-review-button";

/** The model page's "Risk and reviews": tier and assessment, the review schedule and history, the owner's attestation. */
export async function RiskReviewsPanel({ actor, model }: { actor: Actor; model: { name: string; owner: string; maintainers: string[] } }) {
  const risk = await modelRisk(actor, model.name);
  const subject = modelSubject(model);
  const s = risk.schedule;
  const a = risk.latestAssessment;
  const mayAssess = can(actor, "assessment.submit", subject);
  const questions = mayAssess ? (await currentQuestionnaire()).questions : [];
  return (
    <Panel title="Risk and reviews" id="risk">
      <DefinitionList
        items={[
          ["Tier (sets the schedule)", <RiskBadge key="t" tier={risk.tier} />],
          [
            "Next review",
            s?.nextReviewAt ? (
              <span key="n" className="flex flex-wrap items-center gap-2">
                <span data-testid="next-review">{formatDay(s.nextReviewAt)}</span>
                <ReviewStateBadge state={s.state} days={s.daysOverdue} />
              </span>
            ) : s?.productionVersion ? (
              "not scheduled for this tier"
            ) : (
              "scheduled once a version is in production"
            ),
          ],
          [
            "Last review",
            s?.lastReview ? (
              <Link key="l" href={`/reviews/${s.lastReview.id}`} className="text-brand underline underline-offset-2">
                {formatDay(s.lastReview.completedAt)}: <OutcomeBadge outcome={s.lastReview.outcome} />
              </Link>
            ) : (
              "none yet"
            ),
          ],
          [
            "Attestation",
            risk.attestation
              ? risk.attestation.state === "outstanding"
                ? `outstanding since ${formatDay(risk.attestation.dueAt)}`
                : `next due ${formatDay(risk.attestation.dueAt)}`
              : "due once a version is in production",
          ],
        ]}
      />
      <div className="mt-3 space-y-3">
        {s?.openReview ? (
          <p className="text-sm">
            A review is open:{" "}
            <Link href={`/reviews/${s.openReview.id}`} className="text-brand underline underline-offset-2">
              started by {s.openReview.startedBy}, {formatDay(s.openReview.startedAt)}
            </Link>
          </p>
        ) : risk.mayStartReview.allow ? (
          <StartReviewButton model={model.name} />
        ) : null}
        {risk.attestation && risk.attestation.state !== "current" && can(actor, "attestation.submit", subject) && (
          <AttestForm model={model.name} />
        )}
      </div>

      <h3 className="mt-5 text-sm font-semibold">Risk assessment</h3>
      {a ? (
        <div className="mt-1 space-y-2 text-sm" data-testid="latest-assessment">
          <p>
            Suggested <RiskBadge tier={a.suggestedTier} /> by {a.submittedBy}, {formatTime(a.submittedAt)}.{" "}
            {a.status === "submitted"
              ? "Awaiting compliance."
              : `${a.status === "confirmed" ? "Confirmed" : "Overridden"} as ${a.confirmedTier} by ${a.confirmedBy}.`}
          </p>
          <p className="text-muted">{a.reason}</p>
          {a.confirmComment && <p className="text-muted">Compliance: {a.confirmComment}</p>}
          {a.status === "submitted" && can(actor, "assessment.confirm") && (
            <ConfirmAssessmentForm model={model.name} id={a.id} suggested={a.suggestedTier} />
          )}
        </div>
      ) : (
        <p className="mt-1 text-sm text-muted">Not assessed yet.</p>
      )}
      {mayAssess && (
        <details className="mt-3">
          <summary className="cursor-pointer text-sm font-medium text-brand">
            {a ? "Answer the questionnaire again" : "Answer the risk questionnaire"}
          </summary>
          <div className="mt-3">
            <AssessmentForm model={model.name} questions={questions} />
          </div>
        </details>
      )}

      <h3 className="mt-5 text-sm font-semibold">Review history</h3>
      {risk.reviews.length === 0 ? (
        <p className="mt-1 text-sm text-muted">No review yet.</p>
      ) : (
        <ul className="mt-1 space-y-1 text-sm" data-testid="review-history">
          {risk.reviews.slice(0, 10).map((r) => (
            <li key={r.id}>
              <Link href={`/reviews/${r.id}`} className="text-brand underline underline-offset-2">
                {formatDay(r.completedAt ?? r.startedAt)}
              </Link>{" "}
              <OutcomeBadge outcome={r.outcome} />{" "}
              <span className="text-muted">
                {r.recordedAt
                  ? `recorded by ${r.completedBy} (performed outside Steward${r.reference ? `; ${r.reference}` : ""})`
                  : `by ${r.completedBy ?? r.startedBy}`}
              </span>
            </li>
          ))}
        </ul>
      )}
      {can(actor, "review.record") && (
        <details className="mt-3">
          <summary className="cursor-pointer text-sm font-medium text-brand">Record a review performed outside Steward</summary>
          <div className="mt-3">
            <RecordReviewForm model={model.name} today={new Date().toISOString().slice(0, 10)} />
          </div>
        </details>
      )}
    </Panel>
  );
}
