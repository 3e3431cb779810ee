import "server-only";
import { sql } from "drizzle-orm";
import { rows } from "@/db/client";
import { iso } from "../time";
import type { PipelineSummaryView } from "./schemas";

/**
 * The on-call dashboard's retraining panel: each pipeline's runs of the last 30 days (one query), its last run, last
 * success, success rate (succeeded ÷ finished) and five most recent runs; failing pipelines first.
 */
export async function pipelineSummaries(model: string | undefined, now: Date): Promise<PipelineSummaryView[]> {
  const list = await rows<{
    model: string;
    pipeline: string;
    status: string;
    trigger: string;
    started_at: string | Date;
    finished_at: string | Date | null;
    message: string | null;
  }>(
    sql`select m.name as model, p.pipeline, p.status, p.trigger, p.started_at, p.finished_at, p.message
      from pipeline_runs p join models m on m.id = p.model_id
      where p.started_at >= ${now.toISOString()}::timestamptz - make_interval(days => 30) ${model ? sql`and m.name = ${model}` : sql``}
      order by p.started_at desc limit 1000`,
  );
  const groups = new Map<string, typeof list>();
  for (const r of list) {
    const k = `${r.model}\n${r.pipeline}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const run = (r: (typeof list)[number]) => ({
    status: r.status,
    trigger: r.trigger,
    startedAt: iso(r.started_at),
    finishedAt: r.finished_at ? iso(r.finished_at) : null,
    message: r.message,
  });
  return [...groups.values()]
    .map((g) => {
      const finished = g.filter((r) => r.status !== "running");
      const failures = finished.filter((r) => r.status === "failed").length;
      const success = g.find((r) => r.status === "succeeded");
      return {
        model: g[0].model,
        pipeline: g[0].pipeline,
        lastRun: run(g[0]),
        lastSuccessAt: success ? iso(success.finished_at ?? success.started_at) : null,
        runs: finished.length,
        failures,
        successRate: finished.length ? (finished.length - failures) / finished.length : null,
        recent: g.slice(0, 5).map(run),
      };
    })
    .sort(
      (a, b) =>
        Number(b.lastRun.status === "failed") - Number(a.lastRun.status === "failed") ||
        a.model.localeCompare(b.model) ||
        a.pipeline.localeCompare(b.pipeline),
    );
}
