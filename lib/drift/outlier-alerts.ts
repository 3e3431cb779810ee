import "server-only";
import { sql } from "drizzle-orm";
import { rows, type Tx } from "@/db/client";
import type { AlertCandidate } from "../slo/candidate";
import { LOOKBACK_HOURS, SUSTAINED_HOURS } from "./alerts";
import { DEFAULT_OUTLIER_THRESHOLD } from "./outliers";
import type { ProfileSpec } from "./profile";
import { MIN_WINDOW_EVENTS } from "./windows";

const HOUR = 3_600_000;

/** See lib/slo/candidate.ts. */
export type OutlierAlertCandidate = AlertCandidate<"outlier"> & {
  versionId: number;
  version: string;
  sloId: null;
  severity: "ticket" | null;
};

/** One input's hourly windows: the values checked and those outside the reference. */
export type OutlierWindow = { t: number; n: number; outliers: number };
export type OutlierJudgement = {
  name: string;
  target: "feature" | "prediction";
  /** The latest judged windows (≥ 30 values), newest first, at most SUSTAINED_HOURS. */
  latest: (OutlierWindow & { share: number })[];
  /** Every one of the latest SUSTAINED_HOURS judged windows is above the threshold. */
  sustained: boolean;
  /** Any of them is. */
  over: boolean;
};

/** An input judged on its hourly windows (pure): windows under MIN_WINDOW_EVENTS values are skipped, as for drift. */
export function judgeOutliers(
  name: string,
  target: "feature" | "prediction",
  windows: OutlierWindow[],
  threshold: number,
): OutlierJudgement {
  const latest = windows
    .filter((w) => w.n >= MIN_WINDOW_EVENTS)
    .sort((a, b) => b.t - a.t)
    .slice(0, SUSTAINED_HOURS)
    .map((w) => ({ ...w, share: w.outliers / w.n }));
  return {
    name,
    target,
    latest,
    sustained: latest.length === SUSTAINED_HOURS && latest.every((w) => w.share > threshold),
    over: latest.some((w) => w.share > threshold),
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const label = (j: OutlierJudgement) => (j.target === "prediction" ? "the prediction" : j.name);

/**
 * Outlier tickets (F6), one per version with a reference: firing when, for some feature (or the prediction), the
 * share of values outside the reference's 0.5–99.5 % range (or of unseen categories) is above the model's threshold
 * (default 5 %) in each of the latest SUSTAINED_HOURS judged hourly windows of the last LOOKBACK_HOURS. While open it
 * stays open as long as any input has one of its latest judged windows above; it resolves once none has. The title
 * and details name the inputs and their shares in the latest window.
 */
export async function outlierAlertCandidates(tx: Tx, now: Date): Promise<OutlierAlertCandidate[]> {
  const since = new Date(now.getTime() - LOOKBACK_HOURS * HOUR).toISOString();
  const refs = await rows<{
    version_id: number;
    version: string;
    model_id: number;
    model: string;
    threshold: number | null;
    spec: ProfileSpec | string;
    open: boolean;
  }>(
    sql`select r.version_id, v.version, m.id as model_id, m.name as model, m.outlier_threshold as threshold, r.spec,
        exists (select 1 from alerts a where a.key = 'outlier:' || r.version_id and a.state = 'firing') as open
      from drift_references r join model_versions v on v.id = r.version_id join models m on m.id = v.model_id
      where exists (select 1 from drift_windows w where w.version_id = r.version_id and w.hour >= ${since}::timestamptz)
         or exists (select 1 from alerts a where a.key = 'outlier:' || r.version_id and a.state = 'firing')
      order by r.version_id`,
    tx,
  );
  if (!refs.length) return [];
  const end = Math.floor(now.getTime() / HOUR) * HOUR + HOUR;
  const ids = refs.map((r) => Number(r.version_id));
  const found = await rows<{
    version_id: number;
    hour: string | Date;
    feature: string;
    n: string | number;
    outliers: string | number;
    prediction_n: string | number;
    prediction_outliers: string | number;
  }>(
    sql`select version_id, hour, feature, n, outliers, prediction_n, prediction_outliers from drift_windows
      where version_id in (select (jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))::int)
        and hour >= ${new Date(end - LOOKBACK_HOURS * HOUR).toISOString()}::timestamptz and hour < ${new Date(end).toISOString()}::timestamptz`,
    tx,
  );
  const out: OutlierAlertCandidate[] = [];
  for (const r of refs) {
    const v = Number(r.version_id);
    const spec: ProfileSpec = typeof r.spec === "string" ? JSON.parse(r.spec) : r.spec;
    const threshold = r.threshold === null ? DEFAULT_OUTLIER_THRESHOLD : Number(r.threshold);
    const byFeature = new Map<string, OutlierWindow[]>();
    const prediction: OutlierWindow[] = [];
    for (const w of found) {
      if (Number(w.version_id) !== v) continue;
      const t = new Date(w.hour).getTime();
      if (w.feature === "*") prediction.push({ t, n: Number(w.prediction_n), outliers: Number(w.prediction_outliers) });
      else if (Object.hasOwn(spec, w.feature)) {
        const list = byFeature.get(w.feature) ?? [];
        list.push({ t, n: Number(w.n), outliers: Number(w.outliers) });
        byFeature.set(w.feature, list);
      }
    }
    const judged = [
      ...[...byFeature.keys()].sort().map((f) => judgeOutliers(f, "feature", byFeature.get(f) ?? [], threshold)),
      judgeOutliers("prediction", "prediction", prediction, threshold),
    ];
    const sustained = judged.filter((j) => j.sustained);
    const over = judged.filter((j) => j.over);
    const key = `outlier:${v}`;
    const base = { key, kind: "outlier" as const, modelId: r.model_id, model: r.model, versionId: v, version: r.version, sloId: null };
    if (!sustained.length && !(r.open && over.length)) {
      if (r.open) out.push({ ...base, severity: null, title: "", details: {} });
      continue;
    }
    // Named: the inputs above for three hours; while an open ticket waits to resolve, those still above.
    const named = (sustained.length ? sustained : over).sort(
      (a, b) => b.latest[0].share - a.latest[0].share || a.name.localeCompare(b.name),
    );
    const list = named.map((j) => `${label(j)} (${pct(j.latest[0].share)})`);
    out.push({
      ...base,
      severity: "ticket",
      title: `${r.model} ${r.version}: outliers above ${pct(threshold)} of values for ${SUSTAINED_HOURS} hours in ${
        list.length > 3 ? `${list.slice(0, 3).join(", ")} and ${list.length - 3} more` : list.join(", ")
      }`,
      details: {
        threshold,
        features: named.map((j) => ({
          name: j.name,
          target: j.target,
          share: j.latest[0].share,
          windows: j.latest.map((w) => ({ from: new Date(w.t).toISOString(), n: w.n, outliers: w.outliers, share: w.share })),
        })),
      },
    });
  }
  return out;
}
