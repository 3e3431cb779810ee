import "server-only";
import { and, asc, gte, lt } from "drizzle-orm";
import { conn } from "@/db/client";
import { inList } from "@/db/in-list";
import { qualityRollups } from "@/db/schema";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/policy";
import { emptyStats, mergeStats, metricsOf, type QualityStats } from "./metrics";
import type { QualitySeriesView, WindowQuery } from "./schemas";
import { type HourWindow, resolveHourWindow, versionsOf, windowOf } from "./window";

/** Quality rollups of these versions in the window, merged per version (or across versions) and window. */
export async function qualityPoints(
  versionIds: number[],
  w: HourWindow,
  mergeVersions = false,
): Promise<{ versionId: number | null; t: number; stats: QualityStats }[]> {
  if (!versionIds.length) return [];
  const q = qualityRollups;
  const found = await (await conn())
    .select()
    .from(q)
    .where(and(inList(q.versionId, versionIds, "int"), gte(q.hour, new Date(w.from)), lt(q.hour, new Date(w.to))))
    .orderBy(asc(q.versionId), asc(q.hour));
  const acc = new Map<string, { versionId: number | null; t: number; stats: QualityStats }>();
  for (const r of found) {
    const v = mergeVersions ? null : r.versionId;
    const t = windowOf(w, r.hour.getTime());
    const id = `${v}|${t}`;
    let p = acc.get(id);
    if (!p) {
      p = { versionId: v, t, stats: emptyStats() };
      acc.set(id, p);
    }
    mergeStats(p.stats, r);
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
