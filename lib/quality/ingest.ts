import "server-only";
import { asc, sql } from "drizzle-orm";
import { rows, type Tx, transact } from "@/db/client";
import { inList } from "@/db/in-list";
import { predictions } from "@/db/schema";
import { zodDetails } from "../api/validate";
import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/policy";
import { badRequest } from "../errors";
import { retentionCutoff } from "../ops/retention";
import type { TelemetryEventInput } from "../telemetry/schemas";
import { parseTime } from "../time";
import { addPair, emptyStats, type QualityStats } from "./metrics";
import { LabelBatch } from "./schemas";

const HOUR = 3_600_000;
/**
 * Ground truth is joined to predictions made up to this long before it (API.md); older predictions leave with their
 * day's partition (lib/ops/retention.ts, STEWARD_RETAIN_PREDICTION_DAYS, 30 by default).
 */
export const LABEL_HORIZON_MS = 30 * 24 * HOUR;
const json = (v: unknown) => JSON.stringify(v);
const chunks = <T>(xs: T[], n: number) => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

type Delta = { v: number; h: string } & QualityStats;

class Deltas {
  private map = new Map<string, Delta>();
  at(v: number, at: number): Delta {
    const h = new Date(Math.floor(at / HOUR) * HOUR).toISOString();
    const id = `${v}|${h}`;
    let d = this.map.get(id);
    if (!d) {
      d = { v, h, ...emptyStats() };
      this.map.set(id, d);
    }
    return d;
  }
  sorted(): Delta[] {
    return [...this.map.values()].sort((a, b) => a.v - b.v || a.h.localeCompare(b.h));
  }
}

/** Adds deltas into quality_rollups (confusion counts key by key; keys that reach 0 are dropped). */
async function applyDeltas(tx: Tx, deltas: Delta[]) {
  for (const part of chunks(deltas, 1000)) {
    // Raw: a jsonb_to_recordset batch whose conflict clause sums the confusion maps key by key.
    await rows(
      sql`insert into quality_rollups as r (version_id, hour, predictions, labelled, confusion, reg_n, abs_err, sq_err)
        select v, h, predictions, labelled, confusion, "regN", "absErr", "sqErr"
        from jsonb_to_recordset(${json(part)}::jsonb) as x(v int, h timestamptz, predictions bigint, labelled bigint, confusion jsonb, "regN" bigint, "absErr" float8, "sqErr" float8)
        order by v, h
        on conflict (version_id, hour) do update set
          predictions = r.predictions + excluded.predictions,
          labelled = r.labelled + excluded.labelled,
          confusion = (select coalesce(jsonb_object_agg(m.k, m.s), '{}'::jsonb) from (
            select e.key as k, sum(e.value::bigint) as s from (select * from jsonb_each_text(r.confusion) union all select * from jsonb_each_text(excluded.confusion)) as e
            group by e.key having sum(e.value::bigint) <> 0) as m),
          reg_n = r.reg_n + excluded.reg_n,
          abs_err = r.abs_err + excluded.abs_err,
          sq_err = r.sq_err + excluded.sq_err`,
      tx,
    );
  }
}

/**
 * The quality part of a telemetry batch, inside its transaction: every event with a prediction counts toward its
 * hour's predictions; one with a label too is scored at once; one with a trace id is kept (30 days) for labels to come.
 */
export async function foldQuality(tx: Tx, events: TelemetryEventInput[], version: Int32Array, times: Float64Array) {
  const deltas = new Deltas();
  const kept = new Map<string, { trace_id: string; v: number; ts: string; prediction: unknown; label: unknown }>();
  // A prediction already past its retention would leave with its partition at once: counted, not kept.
  const keepFrom = retentionCutoff("prediction")?.getTime() ?? Number.NEGATIVE_INFINITY;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (e.prediction === undefined) continue;
    const v = version[i];
    const at = times[i];
    const d = deltas.at(v, at);
    d.predictions++;
    const labelled = e.label !== undefined && e.label !== null;
    if (labelled) addPair(d, e.prediction, e.label);
    if (e.traceId !== undefined && at >= keepFrom) {
      const id = `${e.traceId}\n${v}`;
      if (!kept.has(id))
        kept.set(id, {
          trace_id: e.traceId,
          v,
          ts: new Date(at).toISOString(),
          prediction: e.prediction,
          label: labelled ? e.label : null,
        });
    }
  }
  const all = deltas.sorted();
  if (!all.length) return;
  await applyDeltas(tx, all);
  const records = [...kept.values()].sort((a, b) => (a.trace_id < b.trace_id ? -1 : a.trace_id > b.trace_id ? 1 : a.v - b.v));
  for (const part of chunks(records, 2000)) {
    // Raw: a jsonb_to_recordset batch (a JSON null label becomes SQL null). The first prediction of a trace and version
    // is the one kept: predictions is partitioned by day of ts, so its key must hold ts (trace_id, version_id, ts) and
    // the conflict clause only catches a repeat of the same moment; `not exists` keeps a later one of another moment
    // out. Two batches racing with one trace at two moments may both store theirs: ingestLabels counts the earliest.
    await rows(
      sql`insert into predictions (trace_id, version_id, ts, prediction, label, labelled_at)
        select trace_id, v, ts, prediction, case when jsonb_typeof(label) = 'null' then null else label end,
          case when label is null or jsonb_typeof(label) = 'null' then null else now() end
        from jsonb_to_recordset(${json(part)}::jsonb) as x(trace_id text, v int, ts timestamptz, prediction jsonb, label jsonb)
        where not exists (select 1 from predictions p where p.trace_id = x.trace_id and p.version_id = x.v)
        on conflict (trace_id, version_id, ts) do nothing`,
      tx,
    );
  }
}

export type LabelsResult = { accepted: number; matched: number; unmatched: number };

/**
 * API.md `POST /labels`: ground truth joined by trace id to the predictions of the last 30 days (every version that
 * served the trace). A label replacing an earlier one takes the earlier one's contribution back, so retries and
 * corrections never count twice. Samples with the trace get the label too. One audit entry per batch.
 */
export async function ingestLabels(actor: Actor, body: unknown): Promise<LabelsResult> {
  authorize(actor, "telemetry.write");
  const parsed = LabelBatch.safeParse(body);
  if (!parsed.success) {
    const details = zodDetails(parsed.error);
    throw badRequest(`The labels are invalid: ${details[0].path} ${details[0].message}. Nothing was stored.`, details.slice(0, 100));
  }
  // the last label of a trace in the batch wins
  const latest = new Map<string, { traceId: string; label: unknown; at: number }>();
  for (const l of parsed.data.labels)
    latest.set(l.traceId, { traceId: l.traceId, label: l.label, at: l.ts ? parseTime(l.ts).getTime() : Date.now() });
  const labels = [...latest.values()].sort((a, b) => (a.traceId < b.traceId ? -1 : 1));
  return transact(async (tx) => {
    const p = predictions;
    const found = await tx
      .select({ traceId: p.traceId, versionId: p.versionId, ts: p.ts, prediction: p.prediction, label: p.label })
      .from(p)
      .where(
        inList(
          p.traceId,
          labels.map((l) => l.traceId),
        ),
      )
      .orderBy(asc(p.traceId), asc(p.versionId), asc(p.ts))
      .for("update");
    const byTrace = new Map(labels.map((l) => [l.traceId, l]));
    const deltas = new Deltas();
    const updates: { trace_id: string; v: number; ts: string; label: unknown; at: string }[] = [];
    const matchedTraces = new Set<string>();
    const seen = new Set<string>();
    for (const f of found) {
      const l = byTrace.get(f.traceId);
      if (!l) continue;
      // One prediction per trace and version: the earliest (a second can only come from two racing batches).
      const key = `${f.traceId}\n${f.versionId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const at = f.ts.getTime();
      if (l.at - at > LABEL_HORIZON_MS) continue;
      const d = deltas.at(f.versionId, at);
      if (f.label !== null && f.label !== undefined) addPair(d, f.prediction, f.label, -1);
      addPair(d, f.prediction, l.label);
      updates.push({ trace_id: f.traceId, v: f.versionId, ts: f.ts.toISOString(), label: l.label, at: new Date(l.at).toISOString() });
      matchedTraces.add(f.traceId);
    }
    if (updates.length) {
      await applyDeltas(tx, deltas.sorted());
      for (const part of chunks(updates, 2000)) {
        // Raw: updates from a jsonb_to_recordset batch.
        await rows(
          sql`update predictions p set label = x.label, labelled_at = x.at
            from jsonb_to_recordset(${json(part)}::jsonb) as x(trace_id text, v int, ts timestamptz, label jsonb, at timestamptz)
            where p.trace_id = x.trace_id and p.version_id = x.v and p.ts = x.ts`,
          tx,
        );
        await rows(
          sql`update telemetry_samples s set label = x.label
            from jsonb_to_recordset(${json(part)}::jsonb) as x(trace_id text, v int, label jsonb, at timestamptz)
            where s.trace_id = x.trace_id and s.version_id = x.v`,
          tx,
        );
      }
    }
    const result = { accepted: labels.length, matched: matchedTraces.size, unmatched: labels.length - matchedTraces.size };
    await appendAudit(tx, actor, "labels.ingested", { type: "labels", id: labels[0].traceId }, null, {
      ...result,
      versions: [...new Set(updates.map((u) => u.v))].length,
    });
    return result;
  });
}
