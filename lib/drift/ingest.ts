import "server-only";
import { sql } from "drizzle-orm";
import { rows, type Tx } from "@/db/client";
import type { TelemetryEventInput } from "../telemetry/schemas";
import { type OutlierCheck, outlierCheck, outlierOf, type PredictionSpec } from "./outliers";
import { addValue, emptyHistogram, type FeatureSpec, type Histogram, type ProfileSpec } from "./profile";
import { referencesOf } from "./reference";

const HOUR = 3_600_000;
const json = (v: unknown) => JSON.stringify(v);
const chunks = <T>(xs: T[], n: number) => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

export type WindowRow = { v: number; h: string; f: string } & Histogram;

type FoldInput = { versionId: number; at: number; features?: Record<string, number | string | null>; prediction?: unknown };

/**
 * Events → the histograms of each (version, hour, feature) for the versions that have a reference, plus the "*" row
 * (events, and events lacking or nulling any reference feature). Each value outside the reference's 0.5–99.5 % range,
 * or of a category it never saw, counts in `outliers`; with the prediction's profile, the "*" row counts the
 * predictions checked and those outside. Sorted, so concurrent batches lock rows alike. Pure.
 */
export function foldFeatureWindows(
  events: FoldInput[],
  specs: Map<number, ProfileSpec>,
  predictions: Map<number, PredictionSpec> = new Map(),
): WindowRow[] {
  const acc = new Map<string, WindowRow>();
  const get = (v: number, h: number, f: string, spec: ProfileSpec[string] | null) => {
    const id = `${v}|${h}|${f}`;
    let row = acc.get(id);
    if (!row) {
      row = { v, h: new Date(h).toISOString(), f, ...emptyHistogram(spec) };
      acc.set(id, row);
    }
    return row;
  };
  // Per version, once: its features with what their values are checked against.
  const layouts = new Map<number, { features: [string, FeatureSpec, OutlierCheck][]; prediction: OutlierCheck | null }>();
  for (const e of events) {
    const spec = specs.get(e.versionId);
    if (!spec) continue;
    let layout = layouts.get(e.versionId);
    if (!layout) {
      const p = predictions.get(e.versionId);
      layout = {
        features: Object.entries(spec).map(([name, fs]): [string, FeatureSpec, OutlierCheck] => [name, fs, outlierCheck(fs)]),
        prediction: p ? outlierCheck(p) : null,
      };
      layouts.set(e.versionId, layout);
    }
    const h = Math.floor(e.at / HOUR) * HOUR;
    let lacking = false;
    for (const [name, fs, check] of layout.features) {
      // own properties only: a feature named "toString" that the event lacks is missing, not Object.prototype's
      const value = e.features && Object.hasOwn(e.features, name) ? e.features[name] : undefined;
      if (value === null || value === undefined) lacking = true;
      const row = get(e.versionId, h, name, fs);
      addValue(row, fs, value);
      if (outlierOf(check, value)) row.outliers++;
    }
    const all = get(e.versionId, h, "*", null);
    all.n++;
    if (lacking) all.missing++;
    if (layout.prediction) {
      const out = outlierOf(layout.prediction, e.prediction);
      if (out !== null) {
        all.predN++;
        if (out) all.predOutliers++;
      }
    }
  }
  return [...acc.values()].sort((a, b) => a.v - b.v || a.h.localeCompare(b.h) || (a.f < b.f ? -1 : a.f > b.f ? 1 : 0));
}

/** Adds histograms into drift_windows: counts and sums element by element, categories key by key. */
export async function upsertWindows(tx: Tx, records: WindowRow[]) {
  for (const part of chunks(records, 1000)) {
    await rows(
      sql`insert into drift_windows as r (version_id, hour, feature, n, missing, counts, sums, other, outliers, prediction_n, prediction_outliers)
        select v, h, f, n, missing, counts, sums, other, outliers, "predN", "predOutliers"
        from jsonb_to_recordset(${json(part)}::jsonb) as x(v int, h timestamptz, f text, n bigint, missing bigint, counts int8[], sums float8[], other jsonb,
          outliers bigint, "predN" bigint, "predOutliers" bigint)
        order by v, h, f
        on conflict (version_id, hour, feature) do update set
          n = r.n + excluded.n,
          missing = r.missing + excluded.missing,
          outliers = r.outliers + excluded.outliers,
          prediction_n = r.prediction_n + excluded.prediction_n,
          prediction_outliers = r.prediction_outliers + excluded.prediction_outliers,
          counts = (select coalesce(array_agg(coalesce(u.a, 0) + coalesce(u.b, 0) order by u.i), '{}') from unnest(r.counts, excluded.counts) with ordinality as u(a, b, i)),
          sums = (select coalesce(array_agg(coalesce(u.a, 0) + coalesce(u.b, 0) order by u.i), '{}') from unnest(r.sums, excluded.sums) with ordinality as u(a, b, i)),
          other = (select coalesce(jsonb_object_agg(m.k, m.s), '{}'::jsonb) from (
            select e.key as k, sum(e.value::bigint) as s from (select * from jsonb_each_text(r.other) union all select * from jsonb_each_text(excluded.other)) as e group by e.key) as m)`,
      tx,
    );
  }
}

/** The drift part of a telemetry batch, inside its transaction. */
export async function foldFeatures(tx: Tx, events: TelemetryEventInput[], version: Int32Array, at: Float64Array, versionIds: number[]) {
  const refs = await referencesOf(
    [...versionIds].sort((a, b) => a - b),
    { tx, forShare: true },
  );
  if (!refs.specs.size) return;
  const picked: FoldInput[] = [];
  for (let i = 0; i < events.length; i++)
    if (refs.specs.has(version[i]))
      picked.push({ versionId: version[i], at: at[i], features: events[i].features, prediction: events[i].prediction });
  await upsertWindows(tx, foldFeatureWindows(picked, refs.specs, refs.predictions));
}
