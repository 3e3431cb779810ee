import Link from "next/link";
import type { ExecutiveViewData } from "@/lib/dashboards/executive-schemas";
import { RISK_TIERS } from "@/lib/inventory/schemas";
import { share } from "./format";

const card = "block rounded-lg border border-line bg-panel p-4 hover:border-brand focus-visible:border-brand";

/** The four figures leadership asks for first, each a link to the page that explains it. */
export function Headline({ data }: { data: ExecutiveViewData }) {
  const h = data.headline;
  const scope = new URLSearchParams({
    stage: "production",
    ...(data.team ? { team: data.team } : {}),
    ...(data.riskTier ? { riskTier: data.riskTier } : {}),
  });
  const tierHref = (tier: string) =>
    `/models?${new URLSearchParams({ stage: "production", ...(data.team ? { team: data.team } : {}), riskTier: tier })}`;
  return (
    <section aria-labelledby="ex-headline" className="mb-6" data-testid="headline">
      <h2 id="ex-headline" className="sr-only">
        Headline figures
      </h2>
      <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
        <div className="rounded-lg border border-line bg-panel p-4" data-testid="figure-production">
          <Link href={`/models?${scope}`} className="text-sm text-muted underline-offset-2 hover:underline">
            Models in production
          </Link>
          <p className="mt-1 text-3xl font-semibold" data-testid="production-count">
            {h.productionModels}
          </p>
          <ul className="mt-2 flex flex-wrap gap-x-3 gap-y-1 text-sm" aria-label="By risk tier">
            {[...RISK_TIERS].reverse().map((t) => (
              <li key={t}>
                <Link href={tierHref(t)} className="underline-offset-2 hover:underline">
                  {h.productionByTier[t]} {t}
                </Link>
              </li>
            ))}
          </ul>
        </div>
        <Link href="/releases?view=all" className={card} data-testid="figure-approved">
          <span className="text-sm text-muted">Releases approved in {h.quarter.label}</span>
          <span className="mt-1 block text-3xl font-semibold">{h.releasesApprovedThisQuarter}</span>
          <span className="mt-2 block text-sm text-muted">quarter to date, by the release workflow</span>
        </Link>
        <Link href={`/models?${scope}`} className={card} data-testid="figure-governed">
          <span className="text-sm text-muted">Complete card and passing bias audit</span>
          <span className="mt-1 block text-3xl font-semibold">{share(h.governed.share, 0)}</span>
          <span className="mt-2 block text-sm text-muted">
            {h.governed.both} of {h.governed.models} in production · {h.governed.completeCard} complete cards · {h.governed.passingAudit}{" "}
            passing audits
          </span>
        </Link>
        <Link href="/dashboards/on-call" className={card} data-testid="figure-slos">
          <span className="text-sm text-muted">SLOs met</span>
          <span className="mt-1 block text-3xl font-semibold">
            {h.slos.met} <span className="text-lg font-normal text-muted">of {h.slos.withData}</span>
          </span>
          <span className="mt-2 block text-sm text-muted">
            {h.slos.total === 0
              ? "No SLOs set for these models yet"
              : `with budget left over each SLO's window${h.slos.total > h.slos.withData ? `; ${h.slos.total - h.slos.withData} without traffic` : ""}`}
          </span>
        </Link>
      </div>
    </section>
  );
}
