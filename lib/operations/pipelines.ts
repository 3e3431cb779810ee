import "server-only";
import { and, asc, desc, eq, gte, lt, sql } from "drizzle-orm";
import { type Conn, conn, rows, transact } from "@/db/client";
import { pipelineRuns } from "@/db/schema";
import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/policy";
import { badRequest } from "../errors";
import { type Bound, findModel, iso, isoOrNull, reportedTime, window } from "./common";
import { MAX_ITEMS, type PipelineRunView, type ReportPipelineRunInput } from "./schemas";

type Row = typeof pipelineRuns.$inferSelect;

/** A stored run as the API shows it; `model` is the model's name. */
export const runView = (r: Row, model: string): PipelineRunView => ({
  id: r.id,
  model,
  pipeline: r.pipeline,
  status: r.status as PipelineRunView["status"],
  trigger: r.trigger as PipelineRunView["trigger"],
  startedAt: iso(r.startedAt),
  finishedAt: isoOrNull(r.finishedAt),
  message: r.message,
});

/** Runs of the model started in [from, to). */
const startedIn = (modelId: number, w: { from: string | null; to: string | null }) =>
  and(
    eq(pipelineRuns.modelId, modelId),
    w.from ? gte(pipelineRuns.startedAt, new Date(w.from)) : undefined,
    w.to ? lt(pipelineRuns.startedAt, new Date(w.to)) : undefined,
  );

/** Runs matching `where`, newest first (then by pipeline and id), at most `limit`. */
const newestRuns = (db: Conn, where: ReturnType<typeof and>, limit: number) =>
  db
    .select()
    .from(pipelineRuns)
    .where(where)
    .orderBy(desc(pipelineRuns.startedAt), asc(pipelineRuns.pipeline), asc(pipelineRuns.id))
    .limit(limit);

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
    // Raw: an advisory lock keyed by hashtextextended.
    await rows(sql`select pg_advisory_xact_lock(hashtextextended(${`pipeline_run\n${m.id}\n${input.pipeline}\n${started}`}, 0))`, tx);
    const [prior] = await tx
      .select()
      .from(pipelineRuns)
      .where(and(eq(pipelineRuns.modelId, m.id), eq(pipelineRuns.pipeline, input.pipeline), eq(pipelineRuns.startedAt, startedAt)))
      .orderBy(asc(pipelineRuns.id))
      .limit(1)
      .for("update");
    if (!prior) {
      const [r] = await tx
        .insert(pipelineRuns)
        .values({
          modelId: m.id,
          pipeline: input.pipeline,
          status: input.status,
          trigger: input.trigger,
          startedAt,
          finishedAt,
          message: input.message ?? null,
          createdBy: actor.email,
        })
        .returning();
      const run = runView(r, m.name);
      await appendAudit(tx, actor, "pipeline_run.reported", { type: "pipeline_run", id: run.id }, null, run);
      return run;
    }
    const before = runView(prior, m.name);
    const late = input.status === "running" && finished(prior.status);
    const status = late ? prior.status : input.status;
    const finishedNow = late ? prior.finishedAt : (finishedAt ?? prior.finishedAt);
    const message = late ? prior.message : (input.message ?? prior.message);
    const [r] = await tx
      .update(pipelineRuns)
      .set({ status, finishedAt: finishedNow, message })
      .where(eq(pipelineRuns.id, prior.id))
      .returning();
    const run = runView(r, m.name);
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
  const list = await newestRuns(db, startedIn(m.id, w), Math.min(Math.max(1, limit), MAX_ITEMS));
  return list.map((r) => runView(r, m.name));
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
  const view = (r: Row) => runView(r, m.name);
  const runs = (await newestRuns(db, startedIn(m.id, w), MAX_ITEMS)).map(view);
  const failures = (await newestRuns(db, and(startedIn(m.id, w), eq(pipelineRuns.status, "failed")), MAX_ITEMS)).map(view);
  const [last] = await db
    .select()
    .from(pipelineRuns)
    .where(and(startedIn(m.id, { from: null, to: w.to }), eq(pipelineRuns.status, "succeeded")))
    .orderBy(sql`coalesce(${pipelineRuns.finishedAt}, ${pipelineRuns.startedAt}) desc`, asc(pipelineRuns.id))
    .limit(1);
  const inWindow = sql`model_id = ${m.id}
    ${w.from ? sql`and started_at >= ${w.from}::timestamptz` : sql``}
    ${w.to ? sql`and started_at < ${w.to}::timestamptz` : sql``}`;
  // Raw: counts with filter clauses over group by rollup.
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
    lastSuccess: last ? view(last) : null,
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
