import Link from "next/link";
import { explorerHref, versionHref } from "@/components/graph/kinds";
import { Panel } from "@/components/ui/page";
import type { FailingUpstreamOfProduction } from "@/lib/dataquality/read";

/** The on-call page's count of datasets upstream of production whose latest validation failed, with links. */
export function DataQualityOnCall({ items }: { items: FailingUpstreamOfProduction[] }) {
  const n = items.length;
  return (
    <Panel title="Data quality upstream of production" id="data-quality">
      <div data-testid="oncall-data-quality" className="text-sm">
        <p className={n ? "font-semibold text-bad" : "text-muted"}>
          {n === 0
            ? "No dataset feeding a production version has a failing latest validation."
            : `${n} dataset${n === 1 ? "" : "s"} feeding production version${n === 1 ? "" : "s"} failed ${n === 1 ? "its" : "their"} latest validation`}
        </p>
        {n > 0 && (
          <ul className="mt-2 space-y-1">
            {items.slice(0, 20).map(({ result: r, production }) => (
              <li key={r.datasetId}>
                <Link
                  href={explorerHref(r.datasetId)}
                  className="font-mono font-semibold break-all text-brand underline underline-offset-2"
                >
                  {r.dataset.name}
                </Link>
                <span className="text-xs text-muted">
                  {" "}
                  {r.unsuccessful} of {r.evaluated} expectations failed · feeds{" "}
                </span>
                {production.map((p, i) => (
                  <span key={p.id} className="text-xs">
                    {i > 0 && ", "}
                    <Link href={versionHref(p.model, p.version ?? "")} className="text-brand underline underline-offset-2">
                      {p.model} {p.version}
                    </Link>
                  </span>
                ))}
              </li>
            ))}
          </ul>
        )}
      </div>
    </Panel>
  );
}
