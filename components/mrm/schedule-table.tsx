import Link from "next/link";
import { RiskBadge } from "@/components/ui/badges";
import { formatDay } from "@/lib/format";
import type { ReviewScheduleItem } from "@/lib/mrm/schemas";
import { OutcomeBadge, ReviewStateBadge } from "./review-state";

/** Production models by next-review date. */
export function ScheduleTable({ items, label }: { items: ReviewScheduleItem[]; label: string }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" aria-label={label}>
        <thead className="border-b border-line text-xs uppercase tracking-wide text-muted">
          <tr>
            <th scope="col" className="py-2 pr-3">
              Model
            </th>
            <th scope="col" className="py-2 pr-3">
              Next review
            </th>
            <th scope="col" className="hidden py-2 pr-3 sm:table-cell">
              Tier
            </th>
            <th scope="col" className="hidden py-2 pr-3 md:table-cell">
              Last review
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((s) => (
            <tr key={s.model} className="border-b border-line last:border-0" data-testid="schedule-row">
              <th scope="row" className="py-2 pr-3 text-left font-normal">
                <Link href={`/models/${s.model}#risk`} className="font-mono text-brand underline-offset-2 hover:underline">
                  {s.model}
                </Link>
                {s.openReview && (
                  <Link href={`/reviews/${s.openReview.id}`} className="ml-2 text-xs text-brand underline">
                    open review
                  </Link>
                )}
              </th>
              <td className="py-2 pr-3">
                <span className="mr-2">{formatDay(s.nextReviewAt)}</span>
                <ReviewStateBadge state={s.state} days={s.daysOverdue} />
              </td>
              <td className="hidden py-2 pr-3 sm:table-cell">
                <RiskBadge tier={s.tier} />
              </td>
              <td className="hidden py-2 pr-3 md:table-cell">
                {s.lastReview ? (
                  <>
                    {formatDay(s.lastReview.completedAt)} <OutcomeBadge outcome={s.lastReview.outcome} />
                  </>
                ) : (
                  <span className="text-muted">none</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
