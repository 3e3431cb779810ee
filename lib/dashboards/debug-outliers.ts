// The debug dashboard's outlier panel (F6): shares per feature over the window and the earlier one, from the drift
// windows' counts, and the sampled inputs farthest outside the reference. Pure.
import { byScore, numericRange, type OutlierCheck, outlierCheck, type PredictionSpec, scoreSample } from "../drift/outliers";
import type { Histogram, ProfileSpec } from "../drift/profile";
import { MIN_WINDOW_EVENTS } from "../drift/windows";
import type { DebugOutlierInputView, DebugOutlierSampleView, DebugSampleView } from "./debug-schemas";

const round = (x: number | null) => (x === null ? null : Number(x.toPrecision(6)));
const share = (n: number, outliers: number) => ({ n, outliers, share: n > 0 ? round(outliers / n) : null });

/**
 * Each feature of the reference (and the prediction, when its profile holds one) with its share of outliers in the
 * window and in the earlier one; highest share first, inputs without values last.
 */
export function outlierInputs(
  spec: ProfileSpec,
  prediction: PredictionSpec | null,
  threshold: number,
  cur: Map<string, Histogram>,
  old: Map<string, Histogram>,
): DebugOutlierInputView[] {
  const out: DebugOutlierInputView[] = Object.entries(spec).map(([name, s]) => {
    const h = cur.get(name);
    const e = old.get(name);
    const now = share(h?.n ?? 0, h?.outliers ?? 0);
    return {
      name,
      target: "feature",
      type: s.kind === "numeric" || s.numeric ? "numeric" : "categorical",
      range: s.kind === "numeric" ? numericRange(s) : null,
      ...now,
      over: now.n >= MIN_WINDOW_EVENTS && (now.share ?? 0) > threshold,
      earlier: share(e?.n ?? 0, e?.outliers ?? 0),
    };
  });
  if (prediction) {
    const h = cur.get("*");
    const e = old.get("*");
    const now = share(h?.predN ?? 0, h?.predOutliers ?? 0);
    out.push({
      name: "prediction",
      target: "prediction",
      type: prediction.kind === "numeric" || prediction.numeric ? "numeric" : "categorical",
      range: prediction.kind === "numeric" ? prediction.range : null,
      ...now,
      over: now.n >= MIN_WINDOW_EVENTS && (now.share ?? 0) > threshold,
      earlier: share(e?.predN ?? 0, e?.predOutliers ?? 0),
    });
  }
  return out.sort((a, b) => (b.share ?? -1) - (a.share ?? -1) || a.name.localeCompare(b.name) || a.target.localeCompare(b.target));
}

/** The sampled inputs with features outside the reference, the most features first, then the farthest; at most `limit`. */
export function topOutlierSamples(spec: ProfileSpec, samples: DebugSampleView[], limit = 10): DebugOutlierSampleView[] {
  const checks = new Map<string, OutlierCheck>(Object.entries(spec).map(([name, s]) => [name, outlierCheck(s)]));
  return samples
    .map((s) => ({ ...s, outliers: scoreSample(checks, s.features) }))
    .filter((s) => s.outliers.count > 0)
    .sort((a, b) => byScore(a.outliers, b.outliers) || b.ts.localeCompare(a.ts))
    .slice(0, limit)
    .map((s) => ({
      ...s,
      outliers: {
        count: s.outliers.count,
        distance: round(s.outliers.distance) as number,
        features: s.outliers.features.map((f) => ({ ...f, distance: round(f.distance) as number })),
      },
    }));
}
