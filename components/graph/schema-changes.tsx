/** Schema changes as a warning list: which dataset, when, what changed, and the production models it feeds. Server or client. */
import Link from "next/link";
import { formatTime } from "@/lib/format";
import type { ImpactItem, SchemaChange } from "@/lib/lineage/graph";
import { describeDiff } from "@/lib/lineage/schema-diff";
import { explorerHref, versionHref } from "./kinds";

export type ChangeWithImpact = SchemaChange & { production: ImpactItem[] };

/** Production model versions a change reaches, one per version (a version and its deployment are one entry). */
function productionVersions(items: ImpactItem[]): { model: string; version: string }[] {
  const seen = new Map<string, { model: string; version: string }>();
  for (const i of items) if (i.version) seen.set(`${i.model}@${i.version}`, { model: i.model, version: i.version });
  return [...seen.values()];
}

export function SchemaChangeList({ changes, showDataset = true }: { changes: ChangeWithImpact[]; showDataset?: boolean }) {
  return (
    <ul className="space-y-2" data-testid="schema-changes">
      {changes.map((c) => {
        const prod = productionVersions(c.production);
        return (
          <li key={`${c.datasetId}@${c.at}`} className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
            <p className="flex flex-wrap items-baseline gap-x-2">
              <span aria-hidden className="font-bold">
                ⚠
              </span>
              {showDataset && (
                <Link href={explorerHref(c.datasetId)} className="font-mono font-semibold break-all underline underline-offset-2">
                  {c.dataset.name}
                </Link>
              )}
              <span>schema changed {formatTime(c.at)}</span>
            </p>
            <p className="mt-1 break-words">{describeDiff(c.diff) || "Field descriptions changed."}</p>
            {prod.length > 0 && (
              <p className="mt-1">
                Feeds production:{" "}
                {prod.map((p, i) => (
                  <span key={`${p.model}@${p.version}`}>
                    {i > 0 && ", "}
                    <Link href={versionHref(p.model, p.version)} className="font-medium underline underline-offset-2">
                      {p.model} {p.version}
                    </Link>
                  </span>
                ))}
              </p>
            )}
          </li>
        );
      })}
    </ul>
  );
}
