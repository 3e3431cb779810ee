import "server-only";
import { sql } from "drizzle-orm";
import { conn, rows, transact } from "@/db/client";
import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/policy";
import { badRequest } from "../errors";
import { type Bound, findModel, iso, isoOrNull, reportedTime, window } from "./common";
import { MAX_ITEMS, type PipelineRunView, type ReportPipelineRunInput } from "./schemas";

type Row = {
  id: string;
  model: string;
  pipeline: string;
  status: string;
  trigger: string;
  started_at: string | Date;
  finished_at: string | Date | null;
  message: string | null;
};

export const runView = (r: Row): PipelineRunView => ({
  id: r.id,
  model: r.model,
  pipeline: r.pipeline,
  status: r.status as PipelineRunView["status"],
  trigger: r.trigger as PipelineRunView["trigger"],
  startedAt: iso(r.started_at),
  finishedAt: isoOrNull(r.finished_at),
  message: r.message,
});

const finished = (s: string) => s === "succeeded" || s === "failed";

/**
 * POST /api/v1/pipeline-runs. A run is reported as it goes (running, then succeeded or failed): (model, pipeline,
 * startedAt) identify it, so a later report of the same three updates the row instead of adding one. Reports of one
 * run take turns on an advisory lock (the table has no unique index on the three). A finished state is never undone
 * by a late "running" report (delivery out of order); a later finished report corrects an earlier one.
 */
export async function reportPipelineRun(actor: Actor, input: ReportPipelineRunInput, now = new Date()): Promise<PipelineRunView> {
  authorize(actor, "pipelines.write");
  const startedAt = reportedTime(input.startedAt, "startedAt", now.getTime());
  const finishedAt = input.finishedAt === undefined ? null : reportedTime(input.finishedAt, "finishedAt", now.getTime());
  if (finishedAt && finishedAt.getTime() < startedAt.getTime())
    throw badRequest("finishedAt is before startedAt; a run cannot finish before it starts.", [
      { path: "finishedAt", message: "must not precede startedAt" },
    ]);
  if (finishedAt && input.status === "running")
    throw badRequest("A running run has no finishedAt yet; report it with status succeeded or failed.", [
      { path: "finishedAt", message: "is only for a finished run (succeeded or failed)" },
    ]);
  return transact(async (tx) => {
    const m = await findModel(tx, input.model);
    const started = startedAt.toISOString();
    await rows(sql`select pg_advisory_xact_lock(hashtextextended(${`pipeline_run\n${m.id}\n${input.pipeline}\n${started}`}, 0))`, tx);
    const [prior] = await rows<Row>(
      sql`select id, ${m.name}::text as model, pipeline, status, trigger, started_at, finished_at, message from pipeline_runs
        where model_id = ${m.id} and pipeline = ${input.pipeline} and started_at = ${started}::timestamptz
        order by id limit 1 for update`,
      tx,
    );
    if (!prior) {
      const [r] = await rows<Row>(
        sql`insert into pipeline_runs (model_id, pipeline, status, trigger, started_at, finished_at, message, created_by)
          values (${m.id}, ${input.pipeline}, ${input.status}, ${input.trigger}, ${started}::timestamptz, ${finishedAt?.toISOString() ?? null}::timestamptz,
            ${input.message ?? null}, ${actor.email})
          returning id, ${m.name}::text as model, pipeline, status, trigger, started_at, finished_at, message`,
        tx,
      );
      const run = runView(r);
      await appendAudit(tx, actor, "pipeline_run.reported", { type: "pipeline_run", id: run.id }, null, run);
      return run;
    }
    const before = runView(prior);
    const late = input.status === "running" && finished(prior.status);
    const status = late ? prior.status : input.status;
    const finishedIso = late ? isoOrNull(prior.finished_at) : (finishedAt?.toISOString() ?? isoOrNull(prior.finished_at));
    const message = late ? prior.message : (input.message ?? prior.message);
    const [r] = await rows<Row>(
      sql`update pipeline_runs set status = ${status}, finished_at = ${finishedIso}::timestamptz, message = ${message}
        where id = ${prior.id}::uuid
        returning id, ${m.name}::text as model, pipeline, status, trigger, started_at, finished_at, message`,
      tx,
    );
    const run = runView(r);
    if (JSON.stringify(run) !== JSON.stringify(before))
      await appendAudit(tx, actor, "pipeline_run.updated", { type: "pipeline_run", id: run.id }, before, run);
    return run;
  });
}

/** A model's runs started in [from, to), newest first (at most `limit`, 500). */
export async function listPipelineRuns(
  actor: Actor,
  model: string | number,
  from?: Bound,
  to?: Bound,
  limit = MAX_ITEMS,
): Promise<PipelineRunView[]> {
  authorize(actor, "inventory.read");
  const w = window(from, to);
  const db = await conn();
  const m = await findModel(db, model);
  const list = await rows<Row>(
    sql`select id, ${m.name}::text as model, pipeline, status, trigger, started_at, finished_at, message from pipeline_runs
      where model_id = ${m.id}
        ${w.from ? sql`and started_at >= ${w.from}::timestamptz` : sql``}
        ${w.to ? sql`and started_at < ${w.to}::timestamptz` : sql``}
      order by started_at desc, pipeline, id
      limit ${Math.min(Math.max(1, limit), MAX_ITEMS)}`,
    db,
  );
  return list.map(runView);
}

export type PipelineCounts = {
  /** runs started in the window */
  total: number;
  running: number;
  succeeded: number;
  failed: number;
  /** succeeded ÷ (succeeded + failed): the retraining success rate over finished runs; null when none finished */
  successRate: number | null;
};

export type PipelineSummary = PipelineCounts & {
  model: string;
  from: string | null;
  to: string | null;
  /** the runs started in the window, newest first, at most 500 */
  runs: PipelineRunView[];
  /** the latest run that succeeded, started before `to` (possibly before `from`): "last successful retrain" */
  lastSuccess: PipelineRunView | null;
  /** the failed runs started in the window, newest first, at most 500 */
  failures: PipelineRunView[];
  /** the same counts per pipeline, by name */
  pipelines: (PipelineCounts & { pipeline: string; lastSuccess: string | null })[];
};

const rate = (succeeded: number, failed: number) => (succeeded + failed === 0 ? null : succeeded / (succeeded + failed));

/**
 * For the on-call dashboard: the model's pipeline runs started in [from, to), the latest success, the failures, and
 * the retraining success rate = succeeded ÷ attempted, where attempted counts finished runs only (succeeded + failed;
 * a run still running is not yet an attempt that succeeded or failed). E.g. 3 succeeded, 1 failed, 1 running → 0.75.
 */
export async function pipelineSummary(actor: Actor, model: string | number, from?: Bound, to?: Bound): Promise<PipelineSummary> {
  authorize(actor, "inventory.read");
  const w = window(from, to);
  const db = await conn();
  const m = await findModel(db, model);
  const inWindow = sql`model_id = ${m.id}
    ${w.from ? sql`and started_at >= ${w.from}::timestamptz` : sql``}
    ${w.to ? sql`and started_at < ${w.to}::timestamptz` : sql``}`;
  const select = sql`select id, ${m.name}::text as model, pipeline, status, trigger, started_at, finished_at, message from pipeline_runs`;
  const runs = (await rows<Row>(sql`${select} where ${inWindow} order by started_at desc, pipeline, id limit ${MAX_ITEMS}`, db)).map(
    runView,
  );
  const failures = (
    await rows<Row>(sql`${select} where ${inWindow} and status = 'failed' order by started_at desc, pipeline, id limit ${MAX_ITEMS}`, db)
  ).map(runView);
  const [last] = await rows<Row>(
    sql`${select} where model_id = ${m.id} and status = 'succeeded' ${w.to ? sql`and started_at < ${w.to}::timestamptz` : sql``}
      order by coalesce(finished_at, started_at) desc, id limit 1`,
    db,
  );
  const counts = await rows<{
    pipeline: string | null;
    total: number;
    running: number;
    succeeded: number;
    failed: number;
    last_success: string | Date | null;
  }>(
    sql`select pipeline, count(*)::int as total,
        count(*) filter (where status = 'running')::int as running,
        count(*) filter (where status = 'succeeded')::int as succeeded,
        count(*) filter (where status = 'failed')::int as failed,
        max(coalesce(finished_at, started_at)) filter (where status = 'succeeded') as last_success
      from pipeline_runs where ${inWindow}
      group by rollup (pipeline) order by pipeline nulls first`,
    db,
  );
  const all = counts.find((c) => c.pipeline === null) ?? { total: 0, running: 0, succeeded: 0, failed: 0 };
  const n = (x: unknown) => Number(x);
  return {
    model: m.name,
    from: w.from,
    to: w.to,
    total: n(all.total),
    running: n(all.running),
    succeeded: n(all.succeeded),
    failed: n(all.failed),
    successRate: rate(n(all.succeeded), n(all.failed)),
    runs,
    lastSuccess: last ? runView(last) : null,
    failures,
    pipelines: counts
      .filter((c) => c.pipeline !== null)
      .map((c) => ({
        pipeline: c.pipeline as string,
        total: n(c.total),
        running: n(c.running),
        succeeded: n(c.succeeded),
        failed: n(c.failed),
        successRate: rate(n(c.succeeded), n(c.failed)),
        lastSuccess: isoOrNull(c.last_success),
      })),
  };
}
