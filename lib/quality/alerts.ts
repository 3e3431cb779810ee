import "server-only";
import { sql } from "drizzle-orm";
import { rows, type Tx } from "@/db/client";
import { LOWER_IS_BETTER, metricsOf, type QualityMetric } from "./metrics";
import { qualityPoints } from "./read";

const HOUR = 3_600_000;
/** A quality SLO is judged on the predictions of the last day that have their labels … */
export const QUALITY_WINDOW_HOURS = 24;
/** … once at least this many are labelled. */
export const MIN_LABELLED = 30;

export type QualityAlertCandidate = {
  key: string;
  kind: "quality";
  modelId: number;
  model: string;
  versionId: number;
  version: string;
  sloId: string;
  severity: "ticket" | null;
  title: string;
  details: Record<string, unknown>;
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
  const slos = await rows<{ id: string; model_id: number; model: string; metric: QualityMetric; threshold: number; name: string | null }>(
    sql`select s.id, s.model_id, m.name as model, s.metric, s.threshold, s.name from slos s join models m on m.id = s.model_id
      where s.active and s.sli = 'quality' order by m.name, s.created_at, s.id`,
    tx,
  );
  const out: QualityAlertCandidate[] = [];
  const end = Math.floor(now.getTime() / HOUR) * HOUR + HOUR;
  const w = { from: end - QUALITY_WINDOW_HOURS * HOUR, to: end, step: "1d" as const, unit: QUALITY_WINDOW_HOURS * HOUR };
  for (const slo of slos) {
    const versions = await rows<{ id: number; version: string }>(
      sql`select id, version from model_versions where model_id = ${slo.model_id} order by id`,
      tx,
    );
    const names = new Map(versions.map((v) => [Number(v.id), v.version]));
    const points = await qualityPoints([...names.keys()], w);
    const open = await rows<{ version_id: number }>(
      sql`select version_id from alerts where slo_id = ${slo.id}::uuid and state = 'firing'`,
      tx,
    );
    const judged = new Set<number>();
    for (const p of points) {
      const v = p.versionId as number;
      const m = metricsOf(p.stats);
      const value = m[slo.metric];
      const key = `quality:${slo.id}:${v}`;
      judged.add(v);
      const breach =
        value !== null && value !== undefined && p.stats.labelled >= MIN_LABELLED && !meets(slo.metric, value, Number(slo.threshold));
      const version = names.get(v) as string;
      out.push({
        key,
        kind: "quality",
        modelId: slo.model_id,
        model: slo.model,
        versionId: v,
        version,
        sloId: slo.id,
        severity: breach ? "ticket" : null,
        title: `${slo.model} ${version}: ${slo.metric} ${value === null ? "n/a" : value.toFixed(3)} over the last day's labelled predictions, against ${LOWER_IS_BETTER.has(slo.metric) ? "at most" : "at least"} ${slo.threshold}`,
        details: {
          sli: "quality",
          metric: slo.metric,
          threshold: Number(slo.threshold),
          value,
          labelled: p.stats.labelled,
          predictions: p.stats.predictions,
        },
      });
    }
    for (const o of open) {
      const v = Number(o.version_id);
      if (judged.has(v)) continue;
      out.push({
        key: `quality:${slo.id}:${v}`,
        kind: "quality",
        modelId: slo.model_id,
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
