import "server-only";
import { sql } from "drizzle-orm";
import { rows, transact } from "@/db/client";
import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/policy";
import { datasetId } from "../lineage/ids";
import { retrying } from "../retry";
import { parseDataQualityRequest } from "./parse";
import { type DataQualityResult, toResult } from "./store";

export type DataQualityIngest = DataQualityResult & {
  /** True when the dataset was not in lineage yet and this result added its node (as an OpenLineage event would). */
  createdNode: boolean;
  /** Failed expectations left off the stored list (past the first 100). */
  failuresLeftOff: number;
};

/**
 * `POST /api/v1/data-quality`: store a Great Expectations validation result on a lineage dataset, in one transaction
 * with its audit entry. A dataset not yet in lineage gets its node, as lineage ingest does for any dataset an event
 * names, so a validation that runs before the lineage events arrive is not lost and joins the graph when they do.
 */
export async function ingestDataQuality(
  actor: Actor,
  body: unknown,
  query: { namespace?: string; name?: string },
): Promise<DataQualityIngest> {
  authorize(actor, "lineage.write");
  const { dataset, result } = parseDataQualityRequest(body, query);
  const id = datasetId(dataset);
  return retrying(() =>
    transact(async (tx) => {
      const created = await rows<{ id: string }>(
        sql`insert into lineage_nodes (id, type, namespace, name) values (${id}, 'dataset', ${dataset.namespace}, ${dataset.name})
          on conflict (id) do nothing returning id`,
        tx,
      );
      const [row] = await rows<Parameters<typeof toResult>[0]>(
        sql`insert into data_quality_results (dataset_id, suite, success, evaluated, successful, unsuccessful, failures, run_id, run_time, created_by)
          values (${id}, ${result.suite}, ${result.success}, ${result.evaluated}, ${result.successful}, ${result.unsuccessful},
            ${JSON.stringify(result.failures)}::jsonb, ${result.runId}, coalesce(${result.runTime?.toISOString() ?? null}::timestamptz, now()), ${actor.email})
          returning id, dataset_id, suite, success, evaluated, successful, unsuccessful, failures, run_id, run_time, received_at, created_by`,
        tx,
      );
      const stored = toResult(row);
      await appendAudit(tx, actor, "data_quality.recorded", { type: "data_quality_result", id: stored.id }, null, {
        dataset: id,
        suite: stored.suite,
        success: stored.success,
        evaluated: stored.evaluated,
        unsuccessful: stored.unsuccessful,
        failed: stored.failures.slice(0, 20).map((f) => (f.column ? `${f.type} (${f.column})` : f.type)),
        runTime: stored.runTime,
        ...(created.length ? { createdNode: true } : {}),
      });
      return { ...stored, createdNode: created.length > 0, failuresLeftOff: Math.max(0, stored.unsuccessful - stored.failures.length) };
    }),
  );
}
