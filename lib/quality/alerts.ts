import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { alerts, models, modelVersions, slos as sloTable } from "@/db/schema";
import type { AlertCandidate } from "../slo/candidate";
import { LOWER_IS_BETTER, metricsOf, type QualityMetric } from "./metrics";
import { qualityPoints } from "./read";

const HOUR = 3_600_000;
/** A quality SLO is judged on the predictions of the last day that have their labels … */
export const QUALITY_WINDOW_HOURS = 24;
/** … once at least this many are labelled. */
export const MIN_LABELLED = 30;

/** See lib/slo/candidate.ts. */
export type QualityAlertCandidate = AlertCandidate<"quality"> & {
  versionId: number;
  version: string;
  sloId: string;
  severity: "ticket" | null;
};

/** Whether a metric's value meets its threshold (lower is better for MAE and RMSE). */
export const meets = (metric: QualityMetric, value: number, threshold: number) =>
  LOWER_IS_BETTER.has(metric) ? value <= threshold : value >= threshold;

/**
 * Quality SLOs (`sli: "quality"`, a metric and a threshold): per version, the metric over the labelled predictions of
 * the last 24 hours; below the threshold (above, for MAE and RMSE) with at least 30 labels → a ticket, resolved when
 * it meets the threshold again or the version has no labelled predictions in the window.
 */
export async function qualityAlertCandidates(tx: Tx, now: Date): Promise<QualityAlertCandidate[]> {
  const s = sloTable;
  const slos = (
    await tx
      .select({ id: s.id, modelId: s.modelId, model: models.name, metric: s.metric, threshold: s.threshold, name: s.name })
      .from(s)
      .innerJoin(models, eq(models.id, s.modelId))
      .where(and(eq(s.active, true), eq(s.sli, "quality")))
      .orderBy(asc(models.name), asc(s.createdAt), asc(s.id))
  ).map((r) => ({ ...r, metric: r.metric as QualityMetric, threshold: r.threshold as number }));
  if (!slos.length) return [];
  const out: QualityAlertCandidate[] = [];
  const end = Math.floor(now.getTime() / HOUR) * HOUR + HOUR;
  const w = { from: end - QUALITY_WINDOW_HOURS * HOUR, to: end, step: "1d" as const, unit: QUALITY_WINDOW_HOURS * HOUR };
  // One query each for every SLO's versions, their points and the firing alerts, grouped here.
  const versions = await tx
    .select({ id: modelVersions.id, modelId: modelVersions.modelId, version: modelVersions.version })
    .from(modelVersions)
    .where(
      inArray(
        modelVersions.modelId,
        slos.map((slo) => slo.modelId),
      ),
    )
    .orderBy(asc(modelVersions.id));
  const allPoints = await qualityPoints(
    versions.map((v) => v.id),
    w,
  );
  const firing = await tx
    .select({ sloId: alerts.sloId, versionId: alerts.versionId })
    .from(alerts)
    .where(
      and(
        inArray(
          alerts.sloId,
          slos.map((slo) => slo.id),
        ),
        eq(alerts.state, "firing"),
      ),
    );
  for (const slo of slos) {
    const names = new Map(versions.filter((v) => v.modelId === slo.modelId).map((v) => [v.id, v.version]));
    const points = allPoints.filter((p) => names.has(p.versionId as number));
    const open = firing.filter((a) => a.sloId === slo.id);
    const judged = new Set<number>();
    for (const p of points) {
      const v = p.versionId as number;
      const m = metricsOf(p.stats);
      const value = m[slo.metric];
      const key = `quality:${slo.id}:${v}`;
      judged.add(v);
      const breach = value !== null && value !== undefined && p.stats.labelled >= MIN_LABELLED && !meets(slo.metric, value, slo.threshold);
      const version = names.get(v) as string;
      out.push({
        key,
        kind: "quality",
        modelId: slo.modelId,
        model: slo.model,
        versionId: v,
        version,
        sloId: slo.id,
        severity: breach ? "ticket" : null,
        title: `${slo.model} ${version}: ${slo.metric} ${value === null ? "n/a" : value.toFixed(3)} over the last day's labelled predictions, against ${LOWER_IS_BETTER.has(slo.metric) ? "at most" : "at least"} ${slo.threshold}`,
        details: {
          sli: "quality",
          metric: slo.metric,
          threshold: slo.threshold,
          value,
          labelled: p.stats.labelled,
          predictions: p.stats.predictions,
        },
      });
    }
    for (const o of open) {
      const v = o.versionId ?? 0;
      if (judged.has(v)) continue;
      out.push({
        key: `quality:${slo.id}:${v}`,
        kind: "quality",
        modelId: slo.modelId,
        model: slo.model,
        versionId: v,
        version: names.get(v) ?? "",
        sloId: slo.id,
        severity: null,
        title: "",
        details: {},
      });
    }
  }
  return out;
}
