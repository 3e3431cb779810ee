import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CompleteReviewForm } from "@/components/mrm/complete-review-form";
import { OutcomeBadge } from "@/components/mrm/review-state";
import { RiskBadge } from "@/components/ui/badges";
import { DefinitionList, PageHeader, Panel } from "@/components/ui/page";
import { requirePageActor } from "@/lib/auth/page";
import { decide } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { formatDay, formatTime } from "@/lib/format";
import { findModelRow } from "@/lib/inventory/models";
import { getReview } from "@/lib/mrm/reviews";
import { reviewSubject } from "@/lib/mrm/subject";

export const metadata: Metadata = { title: "Review" };
export const dynamic = "force-dynamic";

export default async function ReviewPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageActor();
  const { id } = await params;
  const r = await getReview(actor, id).catch((e) => {
    if (e instanceof AppError && e.status === 404) notFound();
    throw e;
  });
  const m = await findModelRow(r.model);
  const may = m ? decide(actor, "review.complete", await reviewSubject(m)) : { allow: false as const, message: "The model is gone." };
  return (
    <>
      <PageHeader
        crumbs={[
          { href: "/reviews", label: "Reviews" },
          { href: `/models/${r.model}`, label: r.model },
        ]}
        title={
          <span className="flex flex-wrap items-center gap-2">
            Review of {r.model} <OutcomeBadge outcome={r.outcome} />
          </span>
        }
        subtitle={
          r.status === "open"
            ? "Open: a validator independent of the model ticks the checklist and records the outcome."
            : r.recordedAt
              ? `Performed outside Steward, completed ${formatDay(r.completedAt)}; recorded by ${r.completedBy}, ${formatTime(r.recordedAt)}.`
              : `Completed ${formatTime(r.completedAt)} by ${r.completedBy}.`
        }
      />
      <div className="grid grid-cols-1 items-start gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <Panel title={r.status === "open" ? "Record the review" : "Outcome"} id="review">
          {r.status === "completed" ? (
            <div className="space-y-3 text-sm">
              {r.recordedAt && r.checklist.length === 0 && <p className="text-muted">No checklist: performed outside Steward.</p>}
              <ul className="space-y-1" aria-label="Checklist">
                {r.checklist.map((c) => (
                  <li key={c.item}>
                    <span aria-hidden="true">{c.done ? "✓" : "✗"}</span> <span className="sr-only">{c.done ? "Done:" : "Not done:"}</span>{" "}
                    {c.item}
                  </li>
                ))}
              </ul>
              <p className="whitespace-pre-wrap" data-testid="review-comment">
                {r.comment}
              </p>
            </div>
          ) : may.allow ? (
            <CompleteReviewForm review={r} />
          ) : (
            <div className="space-y-2 text-sm">
              <p>{may.message}</p>
              <ul className="list-disc pl-5">
                {r.checklist.map((c) => (
                  <li key={c.item}>{c.item}</li>
                ))}
              </ul>
            </div>
          )}
        </Panel>
        <Panel title="About" id="about">
          <DefinitionList
            items={[
              [
                "Model",
                <Link key="m" href={`/models/${r.model}#risk`} className="font-mono text-brand underline">
                  {r.model}
                </Link>,
              ],
              ["Owner", r.owner],
              ["Tier", <RiskBadge key="t" tier={r.tier} />],
              [
                "Version reviewed",
                r.version ? <span className="font-mono">{r.version}</span> : r.recordedAt ? "not recorded" : "none in production",
              ],
              ["Was due", r.dueAt ? formatDay(r.dueAt) : "not scheduled"],
              r.recordedAt
                ? (["Reference", r.reference ?? "none given"] as [string, string])
                : (["Started", `${formatTime(r.startedAt)} by ${r.startedBy}`] as [string, string]),
              ["Review policy", `version ${r.policyVersion}`],
            ]}
          />
        </Panel>
      </div>
    </>
  );
}
