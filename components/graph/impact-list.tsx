"use client";
import Link from "next/link";
import { StageBadge } from "@/components/ui/badges";
import type { Stage } from "@/lib/inventory/schemas";
import type { ImpactItem } from "@/lib/lineage/graph";
import { useImpact } from "./api";
import { KindIcon, versionHref } from "./kinds";

function ImpactRow({ item, production }: { item: ImpactItem; production: boolean }) {
  const label = item.type === "deployment" ? `${item.model} → ${item.environment}` : `${item.model} ${item.version}`;
  const href = item.version ? versionHref(item.model, item.version) : `/models/${encodeURIComponent(item.model)}`;
  return (
    <li
      className={`grid grid-cols-[auto_minmax(0,1fr)_auto] items-start gap-x-2 py-2 ${production ? "" : "border-b border-line last:border-0"}`}
      data-testid="impact-item"
    >
      <span className={`mt-0.5 ${item.type === "deployment" ? "text-teal-800" : "text-violet-800"}`}>
        <KindIcon type={item.type} />
      </span>
      <span className="min-w-0">
        <Link href={href} className="font-medium break-words text-brand underline underline-offset-2">
          {label}
        </Link>
        <span className="block text-xs text-slate-700">
          {item.type === "deployment" ? `Deployment${item.version ? `, serves ${item.version}` : ""}` : "Model version"}
        </span>
      </span>
      <span>
        {item.stage ? <StageBadge stage={item.stage as Stage} /> : <span className="text-xs text-muted">not in the inventory</span>}
      </span>
    </li>
  );
}

/** Everything downstream that a change here could reach: model versions and deployments, production first. */
export function ImpactList({ node, title }: { node: string; title: string }) {
  const impact = useImpact(node);
  if (impact.isPending) return <p className="text-sm text-muted">Finding every model downstream…</p>;
  if (impact.isError)
    return (
      <p className="text-sm text-bad">
        Could not load the impact ({impact.error.message}).{" "}
        <button type="button" className="underline" onClick={() => impact.refetch()}>
          Try again
        </button>
      </p>
    );
  const { items, production } = impact.data;
  const others = items.filter((i) => i.stage !== "production");
  if (items.length === 0)
    return (
      <p className="text-sm text-muted" data-testid="impact-summary">
        No model version or deployment is downstream of {title}: changing it affects no model Steward knows of.
      </p>
    );
  return (
    <div className="text-sm">
      <p className="mb-3" data-testid="impact-summary">
        A change to <span className="font-medium">{title}</span> reaches {items.length} model{" "}
        {items.length === 1 ? "version or deployment" : "versions and deployments"}
        {production.length ? (
          <>
            , <strong>{production.length} in production</strong>
          </>
        ) : (
          ", none in production"
        )}
        .
      </p>
      {production.length > 0 && (
        <section aria-labelledby="impact-prod" className="mb-4 rounded-md border-2 border-emerald-600 bg-emerald-50 px-3 py-2">
          <h3 id="impact-prod" className="flex items-center gap-1.5 font-semibold text-emerald-900">
            <span aria-hidden>★</span> In production
          </h3>
          <ul className="divide-y divide-emerald-200" data-testid="impact-production">
            {production.map((i) => (
              <ImpactRow key={i.id} item={i} production />
            ))}
          </ul>
        </section>
      )}
      {others.length > 0 && (
        <section aria-labelledby="impact-other">
          <h3 id="impact-other" className="font-semibold">
            Other stages
          </h3>
          <ul data-testid="impact-other">
            {others.map((i) => (
              <ImpactRow key={i.id} item={i} production={false} />
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
