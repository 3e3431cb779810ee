import "server-only";
import { sql } from "drizzle-orm";
import { rows } from "@/db/client";
import { zodDetails } from "../api/validate";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/policy";
import { badRequest } from "../errors";
import type { WindowQuery } from "../quality/schemas";
import { type HourWindow, resolveHourWindow, versionsOf, windowOf } from "../quality/window";
import { iso } from "../time";
import { type Counts, countOf, emptyHistogram, type FeatureSpec, type Histogram, mergeInto, newCounts, type ProfileSpec } from "./profile";
import { specsOf } from "./reference";
import { DriftRequest } from "./schemas";
import { compareCategorical, compareNumeric, type DriftResult } from "./stats";
import { windowDrift } from "./windows";

type Row = {
  version_id: number;
  hour: string | Date;
  feature: string;
  n: string | number;
  missing: string | number;
  counts: (string | number)[];
  sums: (string | number)[];
  other: Record<string, number> | string;
  outliers: string | number;
  prediction_n: string | number;
  prediction_outliers: string | number;
};

export type WindowHistogram = { versionId: number; t: number; feature: string; h: Histogram };

/** The hourly histograms of these versions in [from, to), merged per version, feature and window of the step. */
export async function windowHistograms(
  versionIds: number[],
  w: HourWindow,
  specs: Map<number, ProfileSpec>,
  features?: string[],
): Promise<WindowHistogram[]> {
  if (!versionIds.length) return [];
  const found = await rows<Row>(
    sql`select version_id, hour, feature, n, missing, counts, sums, other, outliers, prediction_n, prediction_outliers from drift_windows
      where version_id in (select (jsonb_array_elements_text(${JSON.stringify(versionIds)}::jsonb))::int)
        and hour >= ${new Date(w.from).toISOString()}::timestamptz and hour < ${new Date(w.to).toISOString()}::timestamptz
        ${features ? sql`and feature in (select jsonb_array_elements_text(${JSON.stringify(features)}::jsonb))` : sql``}
      order by version_id, hour, feature`,
  );
  const acc = new Map<string, WindowHistogram>();
  for (const r of found) {
    const v = Number(r.version_id);
    const all = specs.get(v);
    const spec = all && Object.hasOwn(all, r.feature) ? all[r.feature] : null;
    if (r.feature !== "*" && !spec) continue;
    const t = windowOf(w, new Date(r.hour).getTime());
    const id = `${v}|${t}|${r.feature}`;
    let x = acc.get(id);
    if (!x) {
      x = { versionId: v, t, feature: r.feature, h: emptyHistogram(spec) };
      acc.set(id, x);
    }
    mergeInto(x.h, {
      n: Number(r.n),
      missing: Number(r.missing),
      counts: (r.counts ?? []).map(Number),
      sums: (r.sums ?? []).map(Number),
      other: typeof r.other === "string" ? JSON.parse(r.other) : r.other,
      outliers: Number(r.outliers),
      predN: Number(r.prediction_n),
      predOutliers: Number(r.prediction_outliers),
    });
  }
  return [...acc.values()];
}

const round = (x: number) => Number(x.toPrecision(6));
export function rounded(r: DriftResult | null): DriftResult | null {
  if (!r) return null;
  return {
    ...r,
    psi: round(r.psi),
    ...(r.ks ? { ks: { statistic: round(r.ks.statistic), pValue: round(r.ks.pValue) } } : {}),
    ...(r.chiSquare
      ? {
          chiSquare: { statistic: r.chiSquare.statistic === null ? null : round(r.chiSquare.statistic), pValue: round(r.chiSquare.pValue) },
        }
      : {}),
    ...(r.z ? { z: { statistic: round(r.z.statistic), pValue: round(r.z.pValue) } } : {}),
    ...(r.wasserstein !== undefined ? { wasserstein: round(r.wasserstein) } : {}),
    ...(r.jensenShannon !== undefined ? { jensenShannon: round(r.jensenShannon) } : {}),
  };
}

/** A drift strength to sort features by: how far past its threshold the default test is (≥ 1 drifted). */
export function severity(r: DriftResult | null): number {
  if (!r) return -1;
  if (r.method === "ks" && r.ks) return r.ks.pValue <= 0 ? 1e9 : 0.05 / r.ks.pValue;
  if (r.method === "chi_square" && r.chiSquare) return r.chiSquare.pValue <= 0 ? 1e9 : 0.05 / r.chiSquare.pValue;
  if (r.method === "z" && r.z) return r.z.pValue <= 0 ? 1e9 : 0.05 / r.z.pValue;
  if (r.method === "wasserstein") return (r.wasserstein ?? 0) / 0.1;
  return (r.jensenShannon ?? 0) / 0.1;
}

export type DriftSeriesView = {
  windows: {
    version: string;
    feature: string;
    from: string;
    to: string;
    n: number;
    missing: number;
    missingRate: number | null;
    result: DriftResult | null;
  }[];
  missingRate: { version: string; from: string; events: number; missingAny: number; rate: number | null }[];
};

/** API.md `GET /models/{name}/drift`: per version with a reference, feature and window, the default test against it. */
export async function readDrift(
  actor: Actor,
  name: string,
  q: WindowQuery,
  now = Date.now(),
): Promise<DriftSeriesView & { from: string; to: string; step: string }> {
  authorize(actor, "inventory.read");
  const { versions } = await versionsOf(name, q.version);
  const w = resolveHourWindow(q, now);
  const specs = await specsOf(versions.map((v) => v.id));
  const names = new Map(versions.map((v) => [v.id, v.version]));
  const hs = await windowHistograms([...specs.keys()], w, specs);
  hs.sort((a, b) => a.versionId - b.versionId || a.t - b.t || a.feature.localeCompare(b.feature));
  return {
    from: iso(w.from),
    to: iso(w.to),
    step: w.step,
    windows: hs
      .filter((x) => x.feature !== "*")
      .map((x) => ({
        version: names.get(x.versionId) as string,
        feature: x.feature,
        from: iso(x.t),
        to: iso(Math.min(x.t + w.unit, w.to)),
        n: x.h.n,
        missing: x.h.missing,
        missingRate: x.h.n + x.h.missing > 0 ? round(x.h.missing / (x.h.n + x.h.missing)) : null,
        result: rounded(windowDrift(specs.get(x.versionId)?.[x.feature] as FeatureSpec, x.h)),
      })),
    missingRate: hs
      .filter((x) => x.feature === "*")
      .map((x) => ({
        version: names.get(x.versionId) as string,
        from: iso(x.t),
        events: x.h.n,
        missingAny: x.h.missing,
        rate: x.h.n > 0 ? round(x.h.missing / x.h.n) : null,
      })),
  };
}

const countsOf = (xs: (string | number)[] | Record<string, number>): Counts => {
  const out = newCounts();
  if (!Array.isArray(xs)) {
    for (const [k, n] of Object.entries(xs)) if (n > 0) out[k] = n;
    return out;
  }
  for (const x of xs) out[String(x)] = countOf(out, String(x)) + 1;
  return out;
};

/** API.md `POST .../drift`: the default test on two samples sent whole (exact, no bins beyond PSI's). */
export async function compareOnDemand(actor: Actor, name: string, version: string, body: unknown): Promise<DriftResult> {
  authorize(actor, "inventory.read");
  await versionsOf(name, version);
  const parsed = DriftRequest.safeParse(body);
  if (!parsed.success) {
    const details = zodDetails(parsed.error);
    throw badRequest(`The drift request is invalid: ${details[0].path} ${details[0].message}.`, details.slice(0, 100));
  }
  const r = parsed.data;
  const result =
    r.type === "numeric"
      ? compareNumeric(r.reference as number[], r.current as number[])
      : compareCategorical(countsOf(r.reference), countsOf(r.current));
  return rounded(result) as DriftResult;
}
