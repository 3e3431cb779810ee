import type { Metadata } from "next";
import Link from "next/link";
import { MyReviewWork } from "@/components/mrm/my-work";
import { ReleaseStatusBadge } from "@/components/releases/badges";
import { RiskBadge, StageBadge } from "@/components/ui/badges";
import { buttonClass, EmptyState, PageHeader, Panel } from "@/components/ui/page";
import { requirePageActor } from "@/lib/auth/page";
import { can } from "@/lib/auth/policy";
import { formatAge } from "@/lib/format";
import { listModels } from "@/lib/inventory/models";
import { ListModelsQuery } from "@/lib/inventory/schemas";
import { listReleases } from "@/lib/releases/read";
import { ListReleasesQuery, type ReleaseSummaryView } from "@/lib/releases/schemas";

export const metadata: Metadata = { title: "My work" };
export const dynamic = "force-dynamic";

export default async function HomePage() {
  const actor = await requirePageActor();
  const decider = can(actor, "release.decide");
  const [mine, recent, awaiting, requested] = await Promise.all([
    listModels(actor, ListModelsQuery.parse({ owner: actor.email, sort: "-updatedAt", limit: 10 })),
    listModels(actor, ListModelsQuery.parse({ sort: "-updatedAt", limit: 8 })),
    decider ? listReleases(actor, ListReleasesQuery.parse({ awaiting: "me", limit: 10 })) : null,
    can(actor, "release.request") ? listReleases(actor, ListReleasesQuery.parse({ requestedBy: actor.email, limit: 5 })) : null,
  ]);
  return (
    <>
      <PageHeader
        title={`Hello, ${actor.name.split(" ")[0]}`}
        subtitle={`Signed in as ${actor.email} · ${actor.roles.join(", ")}`}
        actions={
          can(actor, "model.create") ? (
            <Link href="/models/new" className={buttonClass}>
              Register model
            </Link>
          ) : null
        }
      />
      {awaiting && (
        <Panel title={`Awaiting your review (${awaiting.items.length}${awaiting.nextCursor ? "+" : ""})`} id="awaiting">
          {awaiting.items.length === 0 ? (
            <p className="text-sm text-muted">Nothing awaits your decision. New requests you may decide appear here.</p>
          ) : (
            <ReleaseList items={awaiting.items} />
          )}
        </Panel>
      )}
      <MyReviewWork actor={actor} />
      {requested && requested.items.length > 0 && (
        <Panel title="Your release requests" id="requested">
          <ReleaseList items={requested.items} />
        </Panel>
      )}
      <div className="grid grid-cols-1 gap-x-6 lg:grid-cols-2">
        <Panel title="Models you own" id="mine">
          {mine.items.length === 0 ? (
            <EmptyState title="You own no models.">
              <Link href="/models" className="underline">
                Browse the inventory
              </Link>
            </EmptyState>
          ) : (
            <ModelList items={mine.items} />
          )}
        </Panel>
        <Panel title="Recently updated" id="recent">
          {recent.items.length === 0 ? <EmptyState title="Nothing registered yet." /> : <ModelList items={recent.items} />}
        </Panel>
      </div>
    </>
  );
}

function ModelList({ items }: { items: Awaited<ReturnType<typeof listModels>>["items"] }) {
  return (
    <ul className="divide-y divide-line">
      {items.map((m) => (
        <li key={m.name} className="grid grid-cols-[minmax(0,1fr)_auto] items-center gap-x-3 py-2">
          <Link href={`/models/${m.name}`} className="truncate font-medium text-brand underline-offset-2 hover:underline">
            {m.name}
          </Link>
          <div className="flex items-center gap-1.5">
            <RiskBadge tier={m.riskTier} />
            <StageBadge stage={m.stage} />
          </div>
          {m.title && <div className="col-span-2 truncate text-sm text-muted">{m.title}</div>}
        </li>
      ))}
    </ul>
  );
}

function ReleaseList({ items }: { items: ReleaseSummaryView[] }) {
  return (
    <ul className="divide-y divide-line">
      {items.map((r) => (
        <li key={r.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
          <Link href={`/releases/${r.id}`} className="font-medium text-brand underline-offset-2 hover:underline">
            {r.kind === "rollback" ? "Roll back " : ""}
            {r.model} <span className="font-mono">{r.version}</span> → {r.targetStage}
          </Link>
          <RiskBadge tier={r.riskTier} />
          <ReleaseStatusBadge status={r.status} />
          <span className="text-sm text-muted">
            {r.approvalCount} of {r.requiredApprovals} approvals ·{" "}
            {r.failingChecks ? `${r.failingChecks} failing check${r.failingChecks === 1 ? "" : "s"} · ` : ""}
            waiting {formatAge(r.requestedAt)}
          </span>
        </li>
      ))}
    </ul>
  );
}
