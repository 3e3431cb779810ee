import "server-only";
import { sql } from "drizzle-orm";
import { rows } from "@/db/client";
import type { Actor } from "../auth/actor";
import { DEFAULT_OUTLIER_THRESHOLD, type PredictionSpec } from "../drift/outliers";
import type { ProfileSpec } from "../drift/profile";
import { referencesOf } from "../drift/reference";
import { resourceSeries } from "../operations/resources";
import { metricsOf } from "../quality/metrics";
import { qualityPoints } from "../quality/read";
import type { HourWindow } from "../quality/window";
import { seriesFromRollups } from "../telemetry/read";
import { iso } from "../time";
import type { DebugSampleView, DebugViewData } from "./debug-schemas";

// The debug dashboard's panels besides drift (lib/dashboards/debug.ts composes them): one function each, none with a
// query in a loop.

type View = DebugViewData;
type Window = { from: number; to: number; compareFrom: number; compareTo: number };
const DAY = 86_400_000;
export const round = (x: number | null) => (x === null ? null : Number(x.toPrecision(6)));
export const EMPTY_TOTALS = { count: 0, errors: 0, errorRate: null, p50: null, p95: null, p99: null };

type SampleRow = {
  version: string;
  ts: string | Date;
  trace_id: string | null;
  status: string;
  latency_ms: number;
  features: Record<string, number | string | null> | string | null;
  prediction: unknown;
  label: unknown;
  loss: number | null;
};
const parsed = (v: unknown) => (typeof v === "string" ? JSON.parse(v) : v);
const sampleOf = (r: SampleRow): DebugSampleView => ({
  version: r.version,
  ts: iso(r.ts),
  traceId: r.trace_id,
  status: r.status,
  latencyMs: Number(r.latency_ms),
  features: (parsed(r.features) as DebugSampleView["features"]) ?? null,
  prediction: r.prediction ?? null,
  label: r.label ?? null,
  loss: r.loss === null ? null : Number(r.loss),
});

/**
 * Sampled requests, each once: an event can sit in several pools (an error with a high loss), so rows of the same
 * version, instant, trace, latency and status are one request.
 */
function samples(where: ReturnType<typeof sql>, order: ReturnType<typeof sql>, limit: number) {
  return rows<SampleRow>(
    sql`select version, ts, trace_id, status, latency_ms, features, prediction, label, loss from (
        select distinct on (s.version_id, s.ts, s.trace_id, s.latency_ms, s.status) s.id, v.version, s.ts, s.trace_id, s.status, s.latency_ms, s.features, s.prediction, s.label, s.loss
        from telemetry_samples s join model_versions v on v.id = s.version_id
        where ${where}
        order by s.version_id, s.ts, s.trace_id, s.latency_ms, s.status, s.id) x
      order by ${order} limit ${limit}`,
  );
}

/** The version's reference profile (its features' layouts and the prediction's), with when it was stored; null without one. */
export async function referenceOf(
  vid: number,
): Promise<{ updatedAt: string; spec: ProfileSpec | undefined; prediction: PredictionSpec | null } | null> {
  const [r] = await rows<{ updated_at: string | Date }>(sql`select updated_at from drift_references where version_id = ${vid}`);
  if (!r) return null;
  const refs = await referencesOf([vid]);
  return { updatedAt: iso(r.updated_at), spec: refs.specs.get(vid), prediction: refs.predictions.get(vid) ?? null };
}

/** The model's outlier threshold (models.outlier_threshold), else the default 5 %. */
export async function outlierThreshold(vid: number): Promise<number> {
  const [m] = await rows<{ threshold: number | null }>(
    sql`select m.outlier_threshold as threshold from model_versions v join models m on m.id = v.model_id where v.id = ${vid}`,
  );
  return m?.threshold === null || m?.threshold === undefined ? DEFAULT_OUTLIER_THRESHOLD : Number(m.threshold);
}

/** The newest samples of the window that carry features (at most 5,000), to be scored against the reference's ranges. */
export async function scoredSamples(vid: number, w: Window): Promise<DebugSampleView[]> {
  const inWindow = sql`s.version_id = ${vid} and s.ts >= ${iso(w.from)}::timestamptz and s.ts < ${iso(w.to)}::timestamptz`;
  return (await samples(sql`${inWindow} and s.features is not null`, sql`ts desc, id desc`, 5000)).map(sampleOf);
}

/** Quality over the last 7 days (from late labels), per hour or day. */
export async function qualityPanel(vid: number, qw: HourWindow): Promise<View["quality"]> {
  const points = await qualityPoints([vid], qw);
  return {
    step: qw.step,
    from: iso(qw.from),
    points: points.map((p) => {
      const m = metricsOf(p.stats);
      return {
        t: p.t,
        predictions: p.stats.predictions,
        labelled: p.stats.labelled,
        labelledShare: round(m.labelledShare),
        accuracy: round(m.accuracy),
        f1: round(m.f1),
        mae: round(m.mae),
      };
    }),
  };
}

/** Latency percentiles and errors per step over the window, with the window's totals and the earlier window's. */
export async function latencyPanel(
  vid: number,
  w: Window,
  step: { seconds: number; label: string; tier: "minute" | "hour" },
): Promise<View["latency"]> {
  const whole = (w.to - w.from) / 1000;
  const [points, totals, earlier] = await Promise.all([
    seriesFromRollups([vid], { from: w.from, to: w.to, tier: step.tier, stepSeconds: step.seconds }),
    seriesFromRollups([vid], { from: w.from, to: w.to, tier: step.tier, stepSeconds: whole }),
    seriesFromRollups([vid], { from: w.compareFrom, to: w.compareTo, tier: step.tier, stepSeconds: whole }),
  ]);
  const figures = (t: { count: number; errors: number; p50: number | null; p95: number | null; p99: number | null }) => ({
    count: t.count,
    errors: t.errors,
    errorRate: t.count ? round(t.errors / t.count) : null,
    p50: round(t.p50),
    p95: round(t.p95),
    p99: round(t.p99),
  });
  return {
    step: step.label,
    totals: totals[0] ? figures(totals[0]) : EMPTY_TOTALS,
    earlier: earlier[0] ? figures(earlier[0]) : EMPTY_TOTALS,
    points: points.map((p) => ({ t: p.t, ...figures(p) })),
  };
}

/** Sampled requests of the window (or of one trace over 30 days), and the 20 highest-loss inputs. */
export async function samplesPanel(
  vid: number,
  w: Window,
  trace: string | null,
  now: Date,
): Promise<{ recent: DebugSampleView[]; highestLoss: DebugSampleView[] }> {
  const inWindow = sql`s.version_id = ${vid} and s.ts >= ${iso(w.from)}::timestamptz and s.ts < ${iso(w.to)}::timestamptz`;
  const [recent, lossy] = await Promise.all([
    trace
      ? samples(
          sql`s.trace_id = ${trace} and v.model_id = (select model_id from model_versions where id = ${vid}) and s.ts >= ${iso(now.getTime() - 30 * DAY)}::timestamptz`,
          sql`ts desc, id desc`,
          50,
        )
      : samples(inWindow, sql`ts desc, id desc`, 50),
    samples(sql`${inWindow} and s.loss is not null`, sql`loss desc, ts desc, id desc`, 20),
  ]);
  return { recent: recent.map(sampleOf), highestLoss: lossy.map(sampleOf) };
}

/** CPU, memory and replicas over the window, with the autoscaling events. */
export async function resourcesPanel(actor: Actor, model: string, version: string, w: Window): Promise<View["resources"]> {
  const r = await resourceSeries(actor, model, version, new Date(w.from), new Date(w.to));
  return {
    points: r.points.map((p) => ({ environment: p.environment, ts: p.ts, cpu: p.cpu, memoryMb: p.memoryMb, replicas: p.replicas })),
    events: r.events.map((e) => ({ environment: e.environment, ts: e.ts, fromReplicas: e.fromReplicas, toReplicas: e.toReplicas })),
    truncated: r.truncated,
  };
}
