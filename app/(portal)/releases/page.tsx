import type { Metadata } from "next";
import Link from "next/link";
import { KindBadge, ReleaseStatusBadge } from "@/components/releases/badges";
import { RiskBadge } from "@/components/ui/badges";
import { EmptyState, PageHeader, secondaryButtonClass } from "@/components/ui/page";
import { TableScroll } from "@/components/ui/table-scroll";
import { requirePageActor } from "@/lib/auth/page";
import { can } from "@/lib/auth/policy";
import { formatAge, formatTime } from "@/lib/format";
import { listReleases } from "@/lib/releases/read";
import { ListReleasesQuery } from "@/lib/releases/schemas";

export const metadata: Metadata = { title: "Releases" };
export const dynamic = "force-dynamic";

const VIEWS = {
  awaiting: { label: "Awaiting me", query: { awaiting: "me" } },
  open: { label: "Pending", query: { status: "pending" } },
  returned: { label: "Changes requested", query: { status: "changes_requested" } },
  mine: { label: "Requested by me", query: {} },
  all: { label: "All", query: {} },
} as const;
type View = keyof typeof VIEWS;

type SP = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function ReleasesPage({ searchParams }: { searchParams: Promise<SP> }) {
  const actor = await requirePageActor();
  const sp = await searchParams;
  const decider = can(actor, "release.decide");
  const asked = one(sp.view);
  const view: View = asked && asked in VIEWS ? (asked as View) : decider ? "awaiting" : "open";
  const base = VIEWS[view].query;
  const q = ListReleasesQuery.parse({
    ...base,
    ...(view === "mine" ? { requestedBy: actor.email } : {}),
    model: one(sp.model) || undefined,
    cursor: one(sp.cursor) || undefined,
    limit: 50,
  });
  const page = await listReleases(actor, q);
  const tabs = (Object.keys(VIEWS) as View[]).filter((v) => v !== "awaiting" || decider);
  const href = (v: View, extra: Record<string, string> = {}) => {
    const p = new URLSearchParams({ view: v, ...(q.model ? { model: q.model } : {}), ...extra });
    return `/releases?${p}`;
  };
  return (
    <>
      <PageHeader
        title="Releases"
        subtitle={
          decider
            ? "Releases waiting for your decision first. You never decide your own request or a model you own."
            : "Requests to move a version to staging or production, with their evidence and decisions. Request one from a version's page."
        }
      />
      <nav aria-label="Release views" className="mb-4 flex flex-wrap gap-2">
        {tabs.map((v) => (
          <Link
            key={v}
            href={href(v)}
            aria-current={v === view ? "page" : undefined}
            className={`rounded-full border px-3 py-1 text-sm ${v === view ? "border-brand bg-brand text-white" : "border-line bg-white text-ink hover:bg-slate-50"}`}
          >
            {VIEWS[v].label}
          </Link>
        ))}
        {q.model && (
          <Link href={`/releases?view=${view}`} className="rounded-full border border-line bg-white px-3 py-1 text-sm">
            Model: {q.model} <span aria-hidden>×</span>
            <span className="sr-only">(clear)</span>
          </Link>
        )}
      </nav>
      {page.items.length === 0 ? (
        <EmptyState title={view === "awaiting" ? "Nothing awaits your decision." : "No releases here."}>
          {view === "awaiting" ? (
            <>
              When someone requests a release you may decide, it appears here.{" "}
              <Link href={href("all")} className="underline">
                See all releases
              </Link>
              .
            </>
          ) : (
            "A contributor requests a release from a version's page (Request release)."
          )}
        </EmptyState>
      ) : (
        <TableScroll label="Releases">
          <table className="w-full text-left text-sm" data-testid="releases-table">
            <thead className="border-b border-line bg-slate-50 text-xs uppercase tracking-wide text-muted">
              <tr>
                <th scope="col" className="px-3 py-2">
                  Release
                </th>
                <th scope="col" className="px-3 py-2">
                  Status
                </th>
                <th scope="col" className="hidden px-3 py-2 sm:table-cell">
                  Risk
                </th>
                <th scope="col" className="hidden px-3 py-2 md:table-cell">
                  Approvals
                </th>
                <th scope="col" className="hidden px-3 py-2 md:table-cell">
                  Failing checks
                </th>
                <th scope="col" className="hidden px-3 py-2 lg:table-cell">
                  Requested by
                </th>
                <th scope="col" className="px-3 py-2">
                  Waiting
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-line bg-white">
              {page.items.map((r) => (
                <tr key={r.id}>
                  <td className="px-3 py-2 align-top">
                    <Link href={`/releases/${r.id}`} className="font-medium text-brand underline-offset-2 hover:underline">
                      {r.model} <span className="font-mono">{r.version}</span> → {r.targetStage}
                    </Link>{" "}
                    <KindBadge kind={r.kind} />
                    <div className="max-w-md truncate text-xs text-muted">{r.summary}</div>
                  </td>
                  <td className="px-3 py-2 align-top">
                    <ReleaseStatusBadge status={r.status} />
                  </td>
                  <td className="hidden px-3 py-2 align-top sm:table-cell">
                    <RiskBadge tier={r.riskTier} />
                  </td>
                  <td className="hidden px-3 py-2 align-top md:table-cell">
                    {r.approvalCount} of {r.requiredApprovals}
                    {r.requiresCompliance && <span className="block text-xs text-muted">incl. compliance</span>}
                  </td>
                  <td className={`hidden px-3 py-2 align-top md:table-cell ${r.failingChecks ? "font-medium text-bad" : "text-muted"}`}>
                    {r.failingChecks || "none"}
                  </td>
                  <td className="hidden px-3 py-2 align-top lg:table-cell">{r.requestedBy}</td>
                  <td className="px-3 py-2 align-top whitespace-nowrap" title={formatTime(r.requestedAt)}>
                    {r.status === "pending" || r.status === "changes_requested" ? (
                      formatAge(r.requestedAt)
                    ) : (
                      <span className="text-muted">{formatAge(r.decidedAt ?? r.updatedAt)} ago</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {page.nextCursor && (
        <div className="mt-4">
          <Link href={href(view, { cursor: page.nextCursor })} className={secondaryButtonClass}>
            Next page
          </Link>
        </div>
      )}
    </>
  );
}
