import type { Metadata } from "next";
import Link from "next/link";
import { RiskBadge, StageBadge } from "@/components/ui/badges";
import { EmptyState, PageHeader, Panel, buttonClass } from "@/components/ui/page";
import { can } from "@/lib/auth/actor";
import { requirePageActor } from "@/lib/auth/page";
import { listModels } from "@/lib/inventory/models";
import { ListModelsQuery } from "@/lib/inventory/schemas";

export const metadata: Metadata = { title: "My work" };
export const dynamic = "force-dynamic";

export default async function HomePage() {
  const actor = await requirePageActor();
  const [mine, recent] = await Promise.all([
    listModels(actor, ListModelsQuery.parse({ owner: actor.email, sort: "-updatedAt", limit: 10 })),
    listModels(actor, ListModelsQuery.parse({ sort: "-updatedAt", limit: 8 })),
  ]);
  return (
    <>
      <PageHeader
        title={`Hello, ${actor.name.split(" ")[0]}`}
        subtitle={`Signed in as ${actor.email} · ${actor.roles.join(", ")}`}
        actions={
          can(actor, "inventory.write") ? (
            <Link href="/models/new" className={buttonClass}>
              Register model
            </Link>
          ) : null
        }
      />
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
