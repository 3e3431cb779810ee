import "server-only";
import { sql } from "drizzle-orm";
import { rows } from "@/db/client";
import type { StoredFailure } from "@/db/schema/dataquality";
import { parseNodeId } from "../lineage/ids";

/** One stored validation result, as the API and pages show it. */
export type DataQualityResult = {
  id: string;
  datasetId: string;
  dataset: { namespace: string; name: string };
  suite: string | null;
  success: boolean;
  evaluated: number;
  successful: number;
  unsuccessful: number;
  failures: StoredFailure[];
  runId: string | null;
  runTime: string;
  receivedAt: string;
  createdBy: string;
};

type Row = {
  id: string;
  dataset_id: string;
  suite: string | null;
  success: boolean;
  evaluated: number;
  successful: number;
  unsuccessful: number;
  failures: StoredFailure[];
  run_id: string | null;
  run_time: string | Date;
  received_at: string | Date;
  created_by: string;
};

export function toResult(r: Row): DataQualityResult {
  const p = parseNodeId(r.dataset_id);
  return {
    id: r.id,
    datasetId: r.dataset_id,
    dataset: { namespace: p?.namespace ?? "", name: p?.name ?? r.dataset_id },
    suite: r.suite,
    success: r.success,
    evaluated: Number(r.evaluated),
    successful: Number(r.successful),
    unsuccessful: Number(r.unsuccessful),
    failures: r.failures ?? [],
    runId: r.run_id,
    runTime: new Date(r.run_time).toISOString(),
    receivedAt: new Date(r.received_at).toISOString(),
    createdBy: r.created_by,
  };
}

/**
 * The latest validation result of each dataset given (by run time, then arrival), whatever its suite: that is the
 * dataset's data-quality state. Datasets without any result are absent.
 */
export async function latestResults(datasetIds: string[]): Promise<Map<string, DataQualityResult>> {
  if (datasetIds.length === 0) return new Map();
  const list = await rows<Row>(sql`
    select distinct on (dataset_id) id, dataset_id, suite, success, evaluated, successful, unsuccessful, failures, run_id, run_time, received_at, created_by
    from data_quality_results
    where dataset_id in (select jsonb_array_elements_text(${JSON.stringify(datasetIds)}::jsonb))
    order by dataset_id, run_time desc, received_at desc, id desc`);
  return new Map(list.map((r) => [r.dataset_id, toResult(r)]));
}

/** Datasets whose latest result failed, all of them (for the on-call count). */
export async function failingDatasetIds(): Promise<string[]> {
  const list = await rows<{ dataset_id: string }>(sql`
    select dataset_id from (
      select distinct on (dataset_id) dataset_id, success from data_quality_results
      order by dataset_id, run_time desc, received_at desc, id desc
    ) l where not success order by dataset_id`);
  return list.map((r) => r.dataset_id);
}

/** A dataset's recent results, newest first. */
export async function recentResults(datasetId: string, limit = 10): Promise<DataQualityResult[]> {
  const list = await rows<Row>(sql`
    select id, dataset_id, suite, success, evaluated, successful, unsuccessful, failures, run_id, run_time, received_at, created_by
    from data_quality_results where dataset_id = ${datasetId}
    order by run_time desc, received_at desc, id desc limit ${limit}`);
  return list.map(toResult);
}
