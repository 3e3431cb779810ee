import type { Metadata } from "next";
import Link from "next/link";
import { VerdictBadge } from "@/components/fairness/audit-verdict";
import { AuditLink } from "@/components/inventory/audit-link";
import { RiskBadge, StageBadge } from "@/components/ui/badges";
import { buttonClass, EmptyState, inputClass, labelClass, PageHeader, secondaryButtonClass } from "@/components/ui/page";
import { requirePageActor } from "@/lib/auth/page";
import { can } from "@/lib/auth/policy";
import { formatDay } from "@/lib/format";
import { inventoryFacets, listModels } from "@/lib/inventory/models";
import { ListModelsQuery, RISK_TIERS, STAGES } from "@/lib/inventory/schemas";

export const metadata: Metadata = { title: "Models" };
export const dynamic = "force-dynamic";

const SORT_LABELS: Record<string, string> = {
  name: "Name (A–Z)",
  "-name": "Name (Z–A)",
  "-updatedAt": "Recently updated",
  updatedAt: "Least recently updated",
  "-riskTier": "Risk (critical first)",
  riskTier: "Risk (low first)",
};

type SP = Record<string, string | string[] | undefined>;

function one(v: string | string[] | undefined) {
  return Array.isArray(v) ? v[0] : v;
}

export default async function ModelsPage({ searchParams }: { searchParams: Promise<SP> }) {
  const actor = await requirePageActor();
  const raw = await searchParams;
  const input = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, one(v) || undefined]));
  const parsed = ListModelsQuery.safeParse(input);
  const q = parsed.success ? parsed.data : ListModelsQuery.parse({});
  const [page, facets] = await Promise.all([listModels(actor, q), inventoryFacets(actor)]);
  const filtered = Boolean(q.q || q.riskTier || q.stage || q.owner || q.team || q.tag);
  const keep = (extra: Record<string, string | undefined>) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries({
      q: q.q,
      riskTier: q.riskTier,
      stage: q.stage,
      owner: q.owner,
      team: q.team,
      tag: q.tag,
      sort: q.sort === "name" ? undefined : q.sort,
      ...extra,
    }))
      if (v) p.set(k, v);
    const s = p.toString();
    return s ? `/models?${s}` : "/models";
  };
  const select = (name: string, label: string, options: readonly string[], value?: string, all = "Any") => (
    <div>
      <label htmlFor={`f-${name}`} className={labelClass}>
        {label}
      </label>
      <select id={`f-${name}`} name={name} defaultValue={value ?? ""} className={inputClass}>
        <option value="">{all}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <>
      <PageHeader
        title="Models"
        subtitle="Every model and version, its owner, risk tier and stage."
        actions={
          can(actor, "model.create") ? (
            <Link href="/models/new" className={buttonClass}>
              Register model
            </Link>
          ) : null
        }
      />
      <form
        method="get"
        action="/models"
        role="search"
        aria-label="Filter models"
        className="mb-5 rounded-lg border border-line bg-panel p-4"
      >
        <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
          <div className="col-span-2">
            <label htmlFor="f-q" className={labelClass}>
              Search
            </label>
            <input
              id="f-q"
              name="q"
              type="search"
              defaultValue={q.q ?? ""}
              placeholder="Name, title, description or tag"
              className={inputClass}
            />
          </div>
          {select("riskTier", "Risk tier", RISK_TIERS, q.riskTier)}
          {select("stage", "Has a version in", STAGES, q.stage)}
          {select("owner", "Owner", facets.owners, q.owner)}
          {select("team", "Team", facets.teams, q.team)}
          {select("tag", "Tag", facets.tags, q.tag)}
          <div>
            <label htmlFor="f-sort" className={labelClass}>
              Sort by
            </label>
            <select id="f-sort" name="sort" defaultValue={q.sort} className={inputClass}>
              {Object.entries(SORT_LABELS).map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="mt-3 flex flex-wrap items-center gap-2">
          <button type="submit" className={buttonClass}>
            Apply
          </button>
          {filtered && (
            <Link href="/models" className={secondaryButtonClass}>
              Clear filters
            </Link>
          )}
          {!parsed.success && <p className="text-sm text-warn">Some filters in the address were not valid and were ignored.</p>}
        </div>
      </form>

      {page.items.length === 0 ? (
        filtered ? (
          <EmptyState title="No model matches these filters.">
            <Link href="/models" className="underline">
              Clear the filters
            </Link>{" "}
            or search for something else.
          </EmptyState>
        ) : (
          <EmptyState title="No models registered yet.">
            {can(actor, "model.create") ? (
              <Link href="/models/new" className="underline">
                Register the first model
              </Link>
            ) : (
              "A contributor can register the first model, in the browser or by the API."
            )}
          </EmptyState>
        )
      ) : (
        <div className="overflow-x-auto rounded-lg border border-line bg-panel">
          <table className="w-full text-left text-sm" data-testid="models-table">
            <caption className="sr-only">Models{filtered ? ", filtered" : ""}</caption>
            <thead className="border-b border-line bg-slate-50 text-xs uppercase tracking-wide text-muted">
              <tr>
                <th scope="col" className="px-3 py-2">
                  Model
                </th>
                <th scope="col" className="hidden px-3 py-2 md:table-cell">
                  Owner
                </th>
                <th scope="col" className="hidden px-3 py-2 lg:table-cell">
                  Team
                </th>
                <th scope="col" className="px-3 py-2">
                  Risk
                </th>
                <th scope="col" className="px-3 py-2">
                  Newest version
                </th>
                <th scope="col" className="hidden px-3 py-2 whitespace-nowrap sm:table-cell">
                  In production
                </th>
                <th scope="col" className="hidden px-3 py-2 whitespace-nowrap lg:table-cell">
                  Bias audit
                </th>
                <th scope="col" className="hidden px-3 py-2 lg:table-cell">
                  Updated
                </th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((m) => (
                <tr key={m.name} className="border-b border-line last:border-0 hover:bg-slate-50">
                  <td className="px-3 py-2 align-top">
                    <Link href={`/models/${m.name}`} className="font-medium text-brand underline-offset-2 hover:underline">
                      {m.name}
                    </Link>
                    {m.title && <div className="text-muted">{m.title}</div>}
                    {m.latestBiasAudit && (
                      // A badge, not a link, so the cell keeps one link (to the model); the column from md up links to the audit.
                      <div className="mt-1 lg:hidden">
                        <VerdictBadge passed={m.latestBiasAudit.passed} label="Bias audit" />
                      </div>
                    )}
                  </td>
                  <td className="hidden px-3 py-2 align-top md:table-cell">{m.owner}</td>
                  <td className="hidden px-3 py-2 align-top lg:table-cell">{m.team ?? "—"}</td>
                  <td className="px-3 py-2 align-top">
                    <RiskBadge tier={m.riskTier} />
                  </td>
                  <td className="px-3 py-2 align-top">
                    {m.latestVersion && <span className="mr-1.5 font-mono text-xs leading-5">{m.latestVersion}</span>}
                    <StageBadge stage={m.stage} />
                  </td>
                  <td className="hidden px-3 py-2 align-top font-mono text-xs leading-5 sm:table-cell">{m.productionVersion ?? "—"}</td>
                  <td className="hidden px-3 py-2 align-top lg:table-cell" data-testid="audit-verdict">
                    {m.latestBiasAudit ? (
                      <AuditLink audit={m.latestBiasAudit} label="" showVersion />
                    ) : (
                      <span className="text-muted">none</span>
                    )}
                  </td>
                  <td className="hidden px-3 py-2 align-top whitespace-nowrap lg:table-cell">{formatDay(m.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav aria-label="Pages" className="mt-4 flex items-center gap-2">
        {q.cursor && (
          <Link href={keep({ limit: q.limit !== 50 ? String(q.limit) : undefined })} className={secondaryButtonClass}>
            First page
          </Link>
        )}
        {page.nextCursor && (
          <Link
            href={keep({ cursor: page.nextCursor, limit: q.limit !== 50 ? String(q.limit) : undefined })}
            className={secondaryButtonClass}
          >
            Next page
          </Link>
        )}
        <span className="text-sm text-muted">
          {page.items.length} shown{page.nextCursor ? ", more on the next page" : ""}
        </span>
      </nav>
    </>
  );
}
