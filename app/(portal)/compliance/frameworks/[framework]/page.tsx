import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { EvidenceList } from "@/components/controls/evidence-list";
import { ControlStatusBadge, FiguresBar, FiguresLine } from "@/components/controls/status";
import { EmptyState, PageHeader, Panel, secondaryButtonClass } from "@/components/ui/page";
import { requirePageActor } from "@/lib/auth/page";
import { portfolioFrameworkCoverage } from "@/lib/controls/read";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ framework: string }> }): Promise<Metadata> {
  return { title: `Framework ${(await params).framework}` };
}

export default async function FrameworkPage({ params }: { params: Promise<{ framework: string }> }) {
  const actor = await requirePageActor();
  const { framework } = await params;
  const c = await portfolioFrameworkCoverage(actor, framework).catch((e) => {
    if (e instanceof AppError && e.status === 404) notFound();
    throw e;
  });
  const f = c.figures;
  return (
    <>
      <PageHeader
        crumbs={[{ href: "/compliance/frameworks", label: "Frameworks" }]}
        title={c.framework.title}
        subtitle={`${c.framework.version} · ${c.framework.controls} controls · ${c.models.length} production model${c.models.length === 1 ? "" : "s"}`}
        actions={
          <a href={`/api/v1/frameworks/${encodeURIComponent(c.framework.id)}/coverage?format=csv`} className={secondaryButtonClass}>
            Download CSV
          </a>
        }
      />
      <Panel title="Portfolio" id="portfolio">
        <FiguresBar f={f} label={`${f.covered} covered, ${f.partial} partial, ${f.stale} stale, ${f.missing} missing of ${f.controls}`} />
        <p className="mt-2 text-sm" data-testid="portfolio-figures">
          <FiguresLine f={f} /> <span className="text-muted">(every model × control pair)</span>
        </p>
        {c.models.length > 0 && (
          <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm">
            {c.models.map((m) => (
              <li key={m.model}>
                <Link
                  href={`/models/${encodeURIComponent(m.model)}#framework-coverage`}
                  className="font-mono text-brand underline underline-offset-2"
                >
                  {m.model}
                </Link>{" "}
                {m.figures.percent}%
              </li>
            ))}
          </ul>
        )}
      </Panel>
      <Panel title="Controls" id="controls">
        {c.models.length === 0 && (
          <EmptyState title="No model is in production yet.">Coverage is judged on production versions.</EmptyState>
        )}
        <ul className="divide-y divide-line">
          {c.controls.map(({ control, counts, models }) => (
            <li key={control.id} className="py-3" data-testid="control-row">
              <h3 className="flex flex-wrap items-baseline gap-2">
                <span className="font-mono text-sm">{control.identifier}</span>
                <span className="font-medium">{control.title}</span>
                {control.origin === "custom" && <span className="text-xs text-muted">(custom)</span>}
              </h3>
              <p className="text-xs text-muted">
                {control.group ? `${control.group} · ` : ""}evidence: <span className="font-mono">{control.evidence.join(", ")}</span> ·{" "}
                {counts.covered} covered, {counts.partial} partial, {counts.stale} stale, {counts.missing} missing
              </p>
              {models.length > 0 && (
                <details className="mt-1">
                  <summary className="cursor-pointer text-sm">
                    <span className="text-brand">Evidence per model: </span>
                    {models.map((m) => (
                      <span key={m.model} className="mr-2 inline-flex items-baseline gap-1">
                        <span className="font-mono text-xs">{m.model}</span>
                        <ControlStatusBadge status={m.status} />
                      </span>
                    ))}
                  </summary>
                  <ul className="mt-1 space-y-2">
                    {models.map((m) => (
                      <li key={m.model}>
                        <div className="flex flex-wrap items-baseline gap-2 text-sm">
                          <Link
                            href={`/models/${encodeURIComponent(m.model)}`}
                            className="font-mono text-brand underline underline-offset-2"
                          >
                            {m.model} {m.version}
                          </Link>
                          <ControlStatusBadge status={m.status} />
                        </div>
                        <div className="pl-2">
                          <EvidenceList items={m.evidence} />
                        </div>
                      </li>
                    ))}
                  </ul>
                </details>
              )}
            </li>
          ))}
        </ul>
      </Panel>
    </>
  );
}
