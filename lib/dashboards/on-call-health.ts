import "server-only";
import { sql } from "drizzle-orm";
import { rows } from "@/db/client";
import { severity, windowHistograms } from "../drift/read";
import { specsOf } from "../drift/reference";
import { windowDrift } from "../drift/windows";
import { emptyStats, mergeStats, metricsOf, type QualityStats } from "../quality/metrics";
import { qualityPoints } from "../quality/read";
import type { OnCallVersionView } from "./schemas";

const HOUR = 3_600_000;
const round = (x: number | null) => (x === null ? null : Number(x.toPrecision(6)));

type Drift = OnCallVersionView["drift"];
type Quality = OnCallVersionView["quality"];
type Resources = OnCallVersionView["resources"];

/**
 * Per version with a reference profile: each feature judged over the whole range as one window (drift rate = drifted ÷
 * judged), the feature missing rate, and the drift-to-retrain gap: from the latest drift alert of the last 30 days to
 * the model's next successful retraining run (still open: counted to now).
 */
export async function driftSummaries(
  versions: { id: number; modelId: number }[],
  from: number,
  to: number,
  now: Date,
): Promise<Map<number, Drift>> {
  const out = new Map<number, Drift>();
  const specs = await specsOf(versions.map((v) => v.id));
  if (!specs.size) return out;
  const ids = [...specs.keys()];
  const hs = await windowHistograms(ids, { from, to, step: "1d", unit: to - from }, specs);
  const gaps = await rows<{ version_id: number; fired_at: string | Date; retrained_at: string | Date | null }>(
    sql`select distinct on (a.version_id) a.version_id, a.fired_at,
        (select min(coalesce(p.finished_at, p.started_at)) from pipeline_runs p
          where p.model_id = a.model_id and p.status = 'succeeded' and p.started_at >= a.fired_at) as retrained_at
      from alerts a
      where a.kind = 'drift' and a.version_id in (select (jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))::int)
        and a.fired_at >= ${new Date(now.getTime() - 30 * 24 * HOUR).toISOString()}::timestamptz
      order by a.version_id, a.fired_at desc`,
  );
  for (const id of ids) {
    const spec = specs.get(id) ?? {};
    const judged = Object.keys(spec)
      .map((f) => {
        const h = hs.find((x) => x.versionId === id && x.feature === f);
        return { f, r: h ? windowDrift(spec[f], h.h) : null };
      })
      .filter((x) => x.r !== null);
    const drifted = judged.filter((x) => x.r?.drifted).sort((a, b) => severity(b.r) - severity(a.r) || a.f.localeCompare(b.f));
    const all = hs.find((x) => x.versionId === id && x.feature === "*");
    const g = gaps.find((x) => Number(x.version_id) === id);
    const since = g ? new Date(g.fired_at).getTime() : null;
    const until = g?.retrained_at ? new Date(g.retrained_at).getTime() : now.getTime();
    out.set(id, {
      features: Object.keys(spec).length,
      judged: judged.length,
      drifted: drifted.map((x) => x.f),
      driftRate: judged.length ? round(drifted.length / judged.length) : null,
      missingRate: all && all.h.n > 0 ? round(all.h.missing / all.h.n) : null,
      retrain:
        since === null
          ? null
          : {
              driftSince: new Date(since).toISOString(),
              retrainedAt: g?.retrained_at ? new Date(g.retrained_at).toISOString() : null,
              gapHours: Number(((until - since) / HOUR).toFixed(1)),
            },
    });
  }
  return out;
}

/** Quality over a trailing 24-hour window, one point an hour across max(range, 24 h); null without labels. */
export async function qualitySummaries(ids: number[], from: number, to: number): Promise<Map<number, Quality>> {
  const out = new Map<number, Quality>();
  const end = Math.ceil(to / HOUR) * HOUR;
  const start = Math.floor(Math.min(from, end - 24 * HOUR) / HOUR) * HOUR;
  const hourly = await qualityPoints(ids, { from: start - 23 * HOUR, to: end, step: "1h", unit: HOUR });
  for (const id of ids) {
    const mine = new Map(hourly.filter((p) => p.versionId === id).map((p) => [p.t, p.stats]));
    if (![...mine.values()].some((s) => s.labelled > 0)) continue;
    const trailing = (t: number): QualityStats => {
      const acc = emptyStats();
      for (let h = t - 23 * HOUR; h <= t; h += HOUR) {
        const s = mine.get(h);
        if (s) mergeStats(acc, { ...s, confusion: { ...s.confusion } });
      }
      return acc;
    };
    const points = [];
    for (let t = start; t < end; t += HOUR) {
      const m = metricsOf(trailing(t));
      points.push({ t, accuracy: round(m.accuracy), f1: round(m.f1), mae: round(m.mae), labelledShare: round(m.labelledShare) });
    }
    const last = trailing(end - HOUR);
    const m = metricsOf(last);
    out.set(id, {
      points,
      latest: {
        accuracy: round(m.accuracy),
        f1: round(m.f1),
        mae: round(m.mae),
        labelled: last.labelled,
        labelledShare: round(m.labelledShare),
      },
    });
  }
  return out;
}

/** The latest resource point of each version in the range, and the mean CPU over it. */
export async function resourceSummaries(ids: number[], from: number, to: number): Promise<Map<number, Resources>> {
  if (!ids.length) return new Map();
  const found = await rows<{ version_id: number; cpu: number; memory_mb: number; replicas: number; ts: string | Date; avg_cpu: number }>(
    sql`select distinct on (r.version_id) r.version_id, r.cpu, r.memory_mb, r.replicas, r.ts,
        avg(r.cpu) over (partition by r.version_id) as avg_cpu
      from resource_points r
      where r.version_id in (select (jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))::int)
        and r.ts >= ${new Date(from).toISOString()}::timestamptz and r.ts < ${new Date(to).toISOString()}::timestamptz
      order by r.version_id, r.ts desc`,
  );
  return new Map(
    found.map((r) => [
      Number(r.version_id),
      {
        cpu: Number(r.cpu),
        memoryMb: Number(r.memory_mb),
        replicas: Number(r.replicas),
        at: new Date(r.ts).toISOString(),
        avgCpu: Number(Number(r.avg_cpu).toFixed(3)),
      },
    ]),
  );
}
