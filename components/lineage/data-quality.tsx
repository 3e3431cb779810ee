import Link from "next/link";
import { explorerHref } from "@/components/graph/kinds";
import type { DataQualityResult } from "@/lib/dataquality/store";
import { formatTime } from "@/lib/format";

/** The failed expectations of one result: type, column, what was observed. */
export function FailedExpectations({ result, max = 10 }: { result: DataQualityResult; max?: number }) {
  const shown = result.failures.slice(0, max);
  const more = result.unsuccessful - shown.length;
  return (
    <ul className="mt-1 space-y-1 text-xs">
      {shown.map((f) => (
        <li key={JSON.stringify(f)} className="break-words">
          <span className="font-mono">{f.type}</span>
          {f.column && (
            <>
              {" on "}
              <span className="font-mono font-semibold">{f.column}</span>
            </>
          )}
          {f.observed && <span className="block text-muted">{f.exception ? `raised: ${f.observed}` : f.observed}</span>}
        </li>
      ))}
      {more > 0 && <li className="text-muted">and {more} more failed</li>}
    </ul>
  );
}

const summary = (r: DataQualityResult) => `${r.unsuccessful} of ${r.evaluated} expectations failed`;

/** A dataset's latest Great Expectations validation, with its failed expectations. */
export function DataQualityLatest({ result }: { result: DataQualityResult | null }) {
  if (!result) return <p className="text-muted">No validation result posted for this dataset (POST /api/v1/data-quality).</p>;
  return (
    <div data-testid="data-quality-latest">
      <p className={result.success ? "text-ok" : "font-semibold text-bad"}>
        {result.success ? `Passed: ${result.successful} of ${result.evaluated} expectations` : `Failed: ${summary(result)}`}
      </p>
      <p className="text-xs text-muted">
        Suite {result.suite ?? "unnamed"} · run {formatTime(result.runTime)} · posted by {result.createdBy}
      </p>
      {!result.success && <FailedExpectations result={result} />}
    </div>
  );
}

/** Upstream datasets whose latest validation failed, each linking to the dataset in the lineage explorer. */
export function FailingDatasets({ results }: { results: DataQualityResult[] }) {
  return (
    <ul className="space-y-2" data-testid="data-quality-upstream">
      {results.map((r) => (
        <li key={r.datasetId}>
          <Link href={explorerHref(r.datasetId)} className="font-mono font-semibold break-all text-brand underline underline-offset-2">
            {r.dataset.name}
          </Link>
          <span className="text-xs text-muted">
            {" "}
            ({r.dataset.namespace}) · {summary(r)} · suite {r.suite ?? "unnamed"} · {formatTime(r.runTime)}
          </span>
          <FailedExpectations result={r} max={3} />
        </li>
      ))}
    </ul>
  );
}
