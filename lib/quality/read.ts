import "server-only";
import { sql } from "drizzle-orm";
import { rows } from "@/db/client";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/policy";
import { emptyStats, mergeStats, metricsOf, type QualityStats } from "./metrics";
import type { QualitySeriesView, WindowQuery } from "./schemas";
import { type HourWindow, resolveHourWindow, versionsOf, windowOf } from "./window";

type Row = {
  version_id: number;
  hour: string | Date;
  predictions: string | number;
  labelled: string | number;
  confusion: Record<string, number> | string;
  reg_n: string | number;
  abs_err: number;
  sq_err: number;
};

/** Quality rollups of these versions in the window, merged per version (or across versions) and window. */
export async function qualityPoints(
  versionIds: number[],
  w: HourWindow,
  mergeVersions = false,
): Promise<{ versionId: number | null; t: number; stats: QualityStats }[]> {
  if (!versionIds.length) return [];
  const found = await rows<Row>(
    sql`select version_id, hour, predictions, labelled, confusion, reg_n, abs_err, sq_err from quality_rollups
      where version_id in (select (jsonb_array_elements_text(${JSON.stringify(versionIds)}::jsonb))::int)
        and hour >= ${new Date(w.from).toISOString()}::timestamptz and hour < ${new Date(w.to).toISOString()}::timestamptz
      order by version_id, hour`,
  );
  const acc = new Map<string, { versionId: number | null; t: number; stats: QualityStats }>();
  for (const r of found) {
    const v = mergeVersions ? null : Number(r.version_id);
    const t = windowOf(w, new Date(r.hour).getTime());
    const id = `${v}|${t}`;
    let p = acc.get(id);
    if (!p) {
      p = { versionId: v, t, stats: emptyStats() };
      acc.set(id, p);
    }
    mergeStats(p.stats, {
      predictions: Number(r.predictions),
      labelled: Number(r.labelled),
      confusion: typeof r.confusion === "string" ? JSON.parse(r.confusion) : r.confusion,
      regN: Number(r.reg_n),
      absErr: Number(r.abs_err),
      sqErr: Number(r.sq_err),
    });
  }
  return [...acc.values()].sort((a, b) => (a.versionId ?? 0) - (b.versionId ?? 0) || a.t - b.t);
}

const round = (x: number | null) => (x === null ? null : Number(x.toPrecision(6)));

/** API.md `GET /models/{name}/quality`. */
export async function readQuality(actor: Actor, name: string, q: WindowQuery, now = Date.now()): Promise<QualitySeriesView> {
  authorize(actor, "inventory.read");
  const { versions } = await versionsOf(name, q.version);
  const w = resolveHourWindow(q, now);
  const names = new Map(versions.map((v) => [v.id, v.version]));
  const points = await qualityPoints(
    versions.map((v) => v.id),
    w,
  );
  return {
    from: new Date(w.from).toISOString(),
    to: new Date(w.to).toISOString(),
    step: w.step,
    series: points.map((p) => {
      const m = metricsOf(p.stats);
      return {
        t: new Date(p.t).toISOString(),
        version: names.get(p.versionId as number) as string,
        predictions: p.stats.predictions,
        labelled: p.stats.labelled,
        labelledShare: round(m.labelledShare),
        accuracy: round(m.accuracy),
        precision: round(m.precision),
        recall: round(m.recall),
        f1: round(m.f1),
        mae: round(m.mae),
        rmse: round(m.rmse),
      };
    }),
  };
}
