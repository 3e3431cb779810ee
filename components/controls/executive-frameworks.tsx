import Link from "next/link";
import type { ExecutiveFrameworks } from "@/lib/dashboards/executive-frameworks";
import { FiguresBar } from "./status";

/** The executive dashboard's "Coverage by framework": one small stacked bar per framework, its figures in words beside. */
export function ExecutiveFrameworksPanel({ data }: { data: ExecutiveFrameworks }) {
  const models = data[0]?.models ?? 0;
  return (
    <section aria-labelledby="coverage-by-framework" className="mb-8 print-section" data-testid="coverage-by-framework">
      <h2 id="coverage-by-framework" className="mb-1 text-lg font-semibold">
        Coverage by framework
      </h2>
      <p className="mb-3 text-sm text-muted">
        Controls of each framework answered by the evidence of the {models} production model{models === 1 ? "" : "s"} in scope (every model
        × control pair counts once). Details on{" "}
        <Link href="/compliance/frameworks" className="text-brand underline underline-offset-2">
          Frameworks
        </Link>
        .
      </p>
      <ul className="grid grid-cols-1 gap-3 md:grid-cols-2">
        {data.map(({ framework, figures: f }) => (
          <li key={framework.id} className="rounded-lg border border-line bg-panel p-3">
            <div className="mb-1 flex items-baseline justify-between gap-2">
              <Link href={`/compliance/frameworks/${framework.id}`} className="font-medium text-brand underline-offset-2 hover:underline">
                {framework.title}
              </Link>
              <span className="text-lg font-semibold">{f.percent}%</span>
            </div>
            <FiguresBar
              f={f}
              label={`${framework.title}: ${f.covered} covered, ${f.partial} partial, ${f.stale} stale, ${f.missing} missing of ${f.controls}`}
            />
            <p className="mt-1 text-xs text-muted">
              {f.covered} covered · {f.partial} partial · {f.stale} stale · {f.missing} missing of {f.controls}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
