import "server-only";
import { sql } from "drizzle-orm";
import { rows, type Tx } from "@/db/client";
import type { AlertCandidate } from "../slo/candidate";

/** A message as it goes into a title: its first line, at most 200 characters (details keep it whole). */
const short = (m: string) => {
  const line = m.split("\n")[0].trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
};

/** See lib/slo/candidate.ts. */
export type PipelineAlertCandidate = AlertCandidate<"pipeline"> & {
  versionId: null;
  version: null;
  sloId: null;
  severity: "ticket" | null;
  pipeline: string;
};

/**
 * Pipeline failures alert as tickets: for each (model, pipeline), its latest finished run as of `now` (by finishedAt,
 * else startedAt): failed → a ticket, succeeded → null. Runs still running are not judged. The candidates have the
 * shape lib/slo/evaluate.ts's settle() takes, so the evaluator can pass each one straight on:
 *   for (const c of await pipelineAlertCandidates(tx, now)) { const t = await settle(tx, now, c); … }
 */
export async function pipelineAlertCandidates(tx: Tx, now: Date): Promise<PipelineAlertCandidate[]> {
  const latest = await rows<{
    id: string;
    model_id: number;
    model: string;
    pipeline: string;
    status: "succeeded" | "failed";
    trigger: string;
    started_at: string | Date;
    finished_at: string | Date | null;
    message: string | null;
  }>(
    sql`select distinct on (r.model_id, r.pipeline) r.id, r.model_id, m.name as model, r.pipeline, r.status, r.trigger, r.started_at, r.finished_at, r.message
      from pipeline_runs r join models m on m.id = r.model_id
      where r.status in ('succeeded', 'failed') and coalesce(r.finished_at, r.started_at) <= ${now.toISOString()}::timestamptz
      order by r.model_id, r.pipeline, coalesce(r.finished_at, r.started_at) desc, r.started_at desc, r.id`,
    tx,
  );
  return latest
    .map((r) => {
      const startedAt = new Date(r.started_at).toISOString();
      const finishedAt = r.finished_at === null ? null : new Date(r.finished_at).toISOString();
      const at = finishedAt ?? startedAt;
      const failed = r.status === "failed";
      return {
        key: `pipeline:${r.model_id}:${r.pipeline}`,
        kind: "pipeline" as const,
        modelId: Number(r.model_id),
        model: r.model,
        versionId: null,
        version: null,
        sloId: null,
        pipeline: r.pipeline,
        severity: failed ? ("ticket" as const) : null,
        title: failed
          ? `${r.model}: pipeline ${r.pipeline} failed at ${at}${r.message ? `: ${short(r.message)}` : ""}`
          : `${r.model}: pipeline ${r.pipeline} succeeded at ${at}`,
        details: { pipeline: r.pipeline, runId: r.id, status: r.status, trigger: r.trigger, startedAt, finishedAt, message: r.message },
      };
    })
    .sort((a, b) => (a.model < b.model ? -1 : a.model > b.model ? 1 : a.pipeline < b.pipeline ? -1 : a.pipeline > b.pipeline ? 1 : 0));
}
