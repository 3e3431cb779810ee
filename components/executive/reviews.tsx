import Link from "next/link";
import { RiskBadge } from "@/components/ui/badges";
import type { ExecutiveReviewsData } from "@/lib/dashboards/executive-reviews-schema";

/** Periodic reviews overdue and due within 30 days, by tier, and the overdue models with how late they are. */
export function ExecutiveReviewsPanel({ r }: { r: ExecutiveReviewsData }) {
  return (
    <div className="grid grid-cols-1 gap-6 md:grid-cols-2">
      <table className="text-sm" aria-label="Reviews by risk tier">
        <thead className="border-b border-line text-left text-xs uppercase tracking-wide text-muted">
          <tr>
            <th scope="col" className="py-1 pr-4">
              Tier
            </th>
            <th scope="col" className="py-1 pr-4 text-right">
              Overdue
            </th>
            <th scope="col" className="py-1 text-right">
              Due in 30 days
            </th>
          </tr>
        </thead>
        <tbody>
          {r.byTier.map((t) => (
            <tr key={t.tier} className="border-b border-line last:border-0" data-testid={`reviews-tier-${t.tier}`}>
              <th scope="row" className="py-1 pr-4 text-left font-normal">
                <RiskBadge tier={t.tier} />
              </th>
              <td className={`py-1 pr-4 text-right tabular-nums ${t.overdue ? "font-semibold text-bad" : ""}`}>{t.overdue}</td>
              <td className="py-1 text-right tabular-nums">{t.upcoming}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div>
        <h3 className="mb-1 text-sm font-semibold">Overdue models</h3>
        {r.overdue.length === 0 ? (
          <p className="text-sm text-muted">No periodic review is overdue.</p>
        ) : (
          <ul className="space-y-1 text-sm" data-testid="reviews-overdue">
            {r.overdue.map((o) => (
              <li key={o.model}>
                <Link href={`/models/${o.model}#risk`} className="font-mono text-brand underline underline-offset-2">
                  {o.model}
                </Link>{" "}
                <RiskBadge tier={o.tier} />{" "}
                <span className="text-muted">
                  due {o.nextReviewAt.slice(0, 10)}, {o.daysOverdue} day{o.daysOverdue === 1 ? "" : "s"} late
                </span>
              </li>
            ))}
          </ul>
        )}
        <Link href="/reviews" className="mt-2 inline-block text-sm text-brand underline underline-offset-2">
          Every review
        </Link>
      </div>
    </div>
  );
}
