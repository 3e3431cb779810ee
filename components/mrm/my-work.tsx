import Link from "next/link";
import { Panel } from "@/components/ui/page";
import type { Actor } from "@/lib/auth/actor";
import { formatDay } from "@/lib/format";
import { myOutstandingAttestations } from "@/lib/mrm/attestations";
import { myReviewWork } from "@/lib/mrm/model-risk";
import { ScheduleTable } from "./schedule-table";

/** "My work": the overdue and upcoming reviews I may perform (validators), and my models' attestations due (owners). */
export async function MyReviewWork({ actor }: { actor: Actor }) {
  const [reviews, attestations] = await Promise.all([myReviewWork(actor), myOutstandingAttestations(actor)]);
  return (
    <>
      {reviews.length > 0 && (
        <Panel title={`Reviews to perform (${reviews.length})`} id="reviews-due">
          <ScheduleTable items={reviews} label="Reviews to perform" />
        </Panel>
      )}
      {attestations.length > 0 && (
        <Panel title={`Attestations due (${attestations.length})`} id="attestations-due">
          <ul className="space-y-1 text-sm">
            {attestations.map((a) => (
              <li key={a.model}>
                <Link href={`/models/${a.model}#risk`} className="font-mono text-brand underline underline-offset-2">
                  {a.model}
                </Link>{" "}
                <span className="text-muted">
                  {a.state === "outstanding" ? "outstanding since" : "due"} {formatDay(a.dueAt)}
                </span>
              </li>
            ))}
          </ul>
        </Panel>
      )}
    </>
  );
}
