import Link from "next/link";
import type { ExecutiveViewData } from "@/lib/dashboards/executive-schemas";
import { dayTime } from "./format";

type C = ExecutiveViewData["compliance"];
const link = "text-brand underline underline-offset-2";
const REASON = { missing: "no card", needs_review: "card copied, needs review", stale: "card over a year old" };

function Block({
  title,
  count,
  testid,
  children,
  empty,
}: {
  title: string;
  count: number;
  testid: string;
  children: React.ReactNode;
  empty: string;
}) {
  return (
    <div className="rounded-lg border border-line bg-panel p-4 print-keep" data-testid={testid}>
      <h3 className="text-sm text-muted">{title}</h3>
      <p className={`mt-1 text-2xl font-semibold ${count > 0 && testid !== "decided" ? "text-bad" : ""}`}>{count}</p>
      {count === 0 ? <p className="mt-1 text-sm text-muted">{empty}</p> : <ul className="mt-2 space-y-1 text-sm">{children}</ul>}
    </div>
  );
}

/** Releases decided, reviews waiting too long, failing audits, cards out of date, and (for compliance) the latest audit entries. */
export function Compliance({ c, periodLabel }: { c: C; periodLabel: string }) {
  const decided = c.releasesDecided.approved + c.releasesDecided.rejected;
  return (
    <>
      <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
        <Block title={`Releases decided, ${periodLabel}`} count={decided} testid="decided" empty="No release was decided in the period.">
          <li>
            <Link href="/releases?view=all" className={link}>
              {c.releasesDecided.approved} approved, {c.releasesDecided.rejected} rejected
            </Link>
          </li>
        </Block>
        <Block
          title={`Reviews waiting over ${c.overdueDays} days`}
          count={c.overdueReviews.length}
          testid="overdue"
          empty="Every pending release is younger than that."
        >
          {c.overdueReviews.map((r) => (
            <li key={r.id}>
              <Link href={`/releases/${r.id}`} className={link}>
                {r.model} {r.version} → {r.targetStage}
              </Link>{" "}
              <span className="text-muted">{r.days} days</span>
            </li>
          ))}
        </Block>
        <Block
          title="Production versions failing their bias audit"
          count={c.failingAudits.length}
          testid="failing-audits"
          empty="Every production version's latest audit passed, or has none yet."
        >
          {c.failingAudits.map((a) => (
            <li key={a.id}>
              <Link href={`/audits/${a.id}`} className={link}>
                {a.model} {a.version}: {a.name}
              </Link>
            </li>
          ))}
        </Block>
        <Block
          title="Production cards missing or out of date"
          count={c.expiredCards.length}
          testid="expired-cards"
          empty="Every production version has a current card."
        >
          {c.expiredCards.map((x) => (
            <li key={`${x.model}/${x.version}`}>
              <Link href={`/models/${x.model}/versions/${encodeURIComponent(x.version)}`} className={link}>
                {x.model} {x.version}
              </Link>{" "}
              <span className="text-muted">{REASON[x.reason]}</span>
            </li>
          ))}
        </Block>
      </div>
      <div className="mt-4 rounded-lg border border-line bg-panel p-4 print-keep" data-testid="recent-events">
        <h3 className="mb-2 font-medium">Recent audit events</h3>
        {c.recentEvents === null ? (
          <p className="text-sm text-muted">
            The audit trail is open to the compliance and admin roles; ask one of them, or see each model's History page.
          </p>
        ) : c.recentEvents.length === 0 ? (
          <p className="text-sm text-muted">No audit entries about these models yet.</p>
        ) : (
          <ul className="space-y-1 text-sm">
            {c.recentEvents.map((e) => (
              <li key={e.seq}>
                <span className="text-muted">{dayTime(e.at)}</span> <span className="font-mono text-xs">{e.action}</span> {e.entityId}
                {e.actor ? <span className="text-muted"> by {e.actor}</span> : null}
              </li>
            ))}
            <li>
              <Link href="/audit" className={link}>
                The full audit trail
              </Link>
            </li>
          </ul>
        )}
      </div>
    </>
  );
}
