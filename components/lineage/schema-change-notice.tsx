import Link from "next/link";
import { versionHref } from "@/components/graph/kinds";
import { formatTime } from "@/lib/format";
import type { NodeDetail } from "@/lib/lineage/graph";
import { describeDiff } from "@/lib/lineage/schema-diff";

/** The model page's notice: the production version's upstream data changed shape recently. */
export function SchemaChangeNotice({
  model,
  version,
  changes,
  days,
}: {
  model: string;
  version: string;
  changes: NodeDetail["schemaChanges"];
  days: number;
}) {
  if (changes.length === 0) return null;
  const datasets = [...new Set(changes.map((c) => c.dataset.name))];
  return (
    <section
      aria-labelledby="schema-notice"
      className="mb-6 rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950"
      data-testid="schema-change-notice"
    >
      <h2 id="schema-notice" className="flex items-center gap-2 font-semibold">
        <span aria-hidden>⚠</span> Upstream schema {changes.length === 1 ? "change" : "changes"} in the last {days} days
      </h2>
      <p className="mt-1">
        The production version <span className="font-mono">{version}</span> is made from {datasets.length === 1 ? "a dataset" : "datasets"}{" "}
        whose schema changed:
      </p>
      <ul className="mt-1 list-disc pl-5">
        {changes.slice(0, 3).map((c) => (
          <li key={`${c.datasetId}@${c.at}`} className="break-words">
            <span className="font-mono font-medium">{c.dataset.name}</span>, {formatTime(c.at)}:{" "}
            {describeDiff(c.diff) || "descriptions changed"}
          </li>
        ))}
      </ul>
      {changes.length > 3 && <p className="mt-1">and {changes.length - 3} more.</p>}
      <p className="mt-2">
        <Link href={`${versionHref(model, version)}#lineage`} className="font-medium underline underline-offset-2">
          See the lineage of {model} {version}
        </Link>
      </p>
    </section>
  );
}
