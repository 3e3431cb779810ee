import "server-only";
import { sql } from "drizzle-orm";
import { lagTolerant, rows } from "@/db/client";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/policy";
import { DEFAULT_OUTLIER_THRESHOLD } from "../drift/outliers";
import { defaultMethod, type Histogram, type ProfileSpec } from "../drift/profile";
import { rounded, severity, windowHistograms } from "../drift/read";
import type { DriftResult } from "../drift/stats";
import { distribution, windowDrift } from "../drift/windows";
import { notFound } from "../errors";
import type { HourWindow } from "../quality/window";
import { iso } from "../time";
import { outlierInputs, topOutlierSamples } from "./debug-outliers";
import {
  EMPTY_TOTALS,
  latencyPanel,
  outlierThreshold,
  qualityPanel,
  referenceOf,
  resourcesPanel,
  round,
  samplesPanel,
  scoredSamples,
} from "./debug-panels";
import {
  type Compare,
  DEBUG_RANGES,
  type DebugFeatureView,
  type DebugQueryInput,
  type DebugRange,
  type DebugViewData,
} from "./debug-schemas";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Latency buckets per range: the same widths as the on-call dashboard. */
const LATENCY_STEP: Record<DebugRange, { seconds: number; label: string; tier: "minute" | "hour" }> = {
  "6h": { seconds: 300, label: "5m", tier: "minute" },
  "24h": { seconds: 900, label: "15m", tier: "minute" },
  "7d": { seconds: 3600, label: "1h", tier: "hour" },
};

/** The window [from, to) ending at the end of the current hour, and the earlier one it is compared with. */
export function debugWindows(range: DebugRange, compare: Compare, now: number) {
  const to = Math.ceil(now / HOUR) * HOUR;
  const len = DEBUG_RANGES[range];
  const from = to - len;
  const shift = compare === "previous" ? len : compare === "day" ? DAY : 7 * DAY;
  return { from, to, compareFrom: from - shift, compareTo: to - shift };
}

type VersionRow = { id: number; version: string; stage: string; telemetry: boolean };

async function modelVersions(name: string): Promise<VersionRow[]> {
  const [m] = await rows<{ id: number }>(sql`select id from models where name = ${name}`);
  if (!m) throw notFound(`The model ${name}`);
  const list = await rows<{ id: number; version: string; stage: string; telemetry: boolean }>(
    sql`select v.id, v.version, v.stage, exists (select 1 from telemetry_rollups r where r.version_id = v.id and r.tier = 'day') as telemetry
      from model_versions v where v.model_id = ${m.id} order by v.id desc`,
  );
  return list.map((v) => ({ id: Number(v.id), version: v.version, stage: v.stage, telemetry: Boolean(v.telemetry) }));
}

/** The production version, else the newest with telemetry, else the newest. */
export function defaultVersion(versions: VersionRow[]): VersionRow | undefined {
  return versions.find((v) => v.stage === "production") ?? versions.find((v) => v.telemetry) ?? versions[0];
}

function testOf(r: DriftResult | null): { statistic: number | null; pValue: number | null } {
  if (!r) return { statistic: null, pValue: null };
  if (r.method === "ks" && r.ks) return { statistic: r.ks.statistic, pValue: r.ks.pValue };
  if (r.method === "chi_square" && r.chiSquare) return { statistic: r.chiSquare.statistic, pValue: r.chiSquare.pValue };
  if (r.method === "z" && r.z) return { statistic: r.z.statistic, pValue: r.z.pValue };
  if (r.method === "wasserstein") return { statistic: r.wasserstein ?? null, pValue: null };
  return { statistic: r.jensenShannon ?? null, pValue: null };
}

const verdictOf = (r: DriftResult | null) =>
  r === null ? ("not_enough_data" as const) : r.drifted ? ("drifted" as const) : ("stable" as const);
const missingRateOf = (h: Histogram | undefined) => (h && h.n + h.missing > 0 ? round(h.missing / (h.n + h.missing)) : null);

/** Each feature of the reference judged on the whole window, with the earlier window beside it; most drifted first. */
async function featuresByDrift(
  versionId: number,
  spec: ProfileSpec,
  w: ReturnType<typeof debugWindows>,
): Promise<{ features: DebugFeatureView[]; cur: Map<string, Histogram>; old: Map<string, Histogram> }> {
  const specs = new Map([[versionId, spec]]);
  const one = (from: number, to: number): HourWindow => ({ from, to, step: "1h", unit: to - from });
  const [cur, old] = await Promise.all([
    windowHistograms([versionId], one(w.from, w.to), specs),
    windowHistograms([versionId], one(w.compareFrom, w.compareTo), specs),
  ]);
  const curBy = new Map(cur.map((x) => [x.feature, x.h]));
  const oldBy = new Map(old.map((x) => [x.feature, x.h]));
  const out = Object.entries(spec).map(([name, s]) => {
    const h = curBy.get(name);
    const e = oldBy.get(name);
    const raw = h ? windowDrift(s, h) : null;
    const result = rounded(raw);
    const earlierResult = rounded(e ? windowDrift(s, e) : null);
    // The earlier window's shares on the current chart's bins: matched by label; a bin missing from the earlier
    // window's own list held none of its values (a category beyond the 30 shown is counted directly).
    const earlierShares = new Map(distribution(s, e ?? null).map((d) => [d.bin, d.current]));
    const dist = distribution(s, h ?? null).map((d) => ({
      bin: d.bin,
      reference: round(d.reference) as number,
      current: round(d.current),
      earlier: round(earlierShares.get(d.bin) ?? (e?.n ? (s.kind === "categorical" ? (e.other[d.bin] ?? 0) / e.n : 0) : null)),
    }));
    return {
      name,
      type: s.kind === "numeric" || (s.kind === "categorical" && s.numeric) ? ("numeric" as const) : ("categorical" as const),
      method: result?.method ?? defaultMethod(s),
      verdict: verdictOf(result),
      severity: round(severity(raw)) as number,
      ...testOf(result),
      psi: result?.psi ?? null,
      n: h?.n ?? 0,
      missing: h?.missing ?? 0,
      missingRate: missingRateOf(h),
      earlier: {
        verdict: verdictOf(earlierResult),
        ...testOf(earlierResult),
        psi: earlierResult?.psi ?? null,
        n: e?.n ?? 0,
        missingRate: missingRateOf(e),
      },
      distribution: dist,
    } satisfies DebugFeatureView;
  });
  return { features: out.sort((a, b) => b.severity - a.severity || a.name.localeCompare(b.name)), cur: curBy, old: oldBy };
}

/** The models one may debug, by name (the page's chooser). */
export async function debugModels(actor: Actor): Promise<string[]> {
  authorize(actor, "inventory.read");
  return (await rows<{ name: string }>(sql`select name from models order by name`)).map((m) => m.name);
}

/** debugView, read where lag is tolerated (the replica of DATABASE_READ_URL, when one is set). */
export function debugView(actor: Actor, q: DebugQueryInput, now = new Date()): Promise<DebugViewData> {
  return lagTolerant(() => debugViewHere(actor, q, now));
}

/**
 * The debug dashboard in one read: for one version of a model over a window ending at the end of the current hour,
 * its features by drift against the reference (with the earlier window beside), the share of outliers per feature
 * and the sampled inputs farthest outside the reference (F6), quality over the last 7 days,
 * latency and errors, sampled requests (or those of one trace), the highest-loss inputs, and resources with
 * autoscaling events. 404 for an unknown model or version.
 */
async function debugViewHere(actor: Actor, q: DebugQueryInput, now = new Date()): Promise<DebugViewData> {
  authorize(actor, "inventory.read");
  const versions = await modelVersions(q.model);
  const chosen = q.version === undefined ? defaultVersion(versions) : versions.find((v) => v.version === q.version);
  if (q.version !== undefined && !chosen) throw notFound(`Version ${q.version} of the model ${q.model}`);
  const w = debugWindows(q.range, q.compare, now.getTime());
  const qualityStep = DEBUG_RANGES[q.range] <= DAY ? ("1h" as const) : ("1d" as const);
  const qw: HourWindow = { from: w.to - 7 * DAY, to: w.to, step: qualityStep, unit: qualityStep === "1h" ? HOUR : DAY };
  const models = await rows<{ name: string }>(sql`select name from models order by name`);
  const base = {
    model: q.model,
    range: q.range,
    compare: q.compare,
    trace: q.trace ?? null,
    from: iso(w.from),
    to: iso(w.to),
    compareFrom: iso(w.compareFrom),
    compareTo: iso(w.compareTo),
    generatedAt: now.toISOString(),
    models: models.map((m) => m.name),
    versions: versions.map((v) => ({ version: v.version, stage: v.stage })),
  };
  if (!chosen)
    return {
      ...base,
      version: null,
      stage: null,
      drift: { reference: null, features: [] },
      outliers: { threshold: DEFAULT_OUTLIER_THRESHOLD, inputs: [], samples: [] },
      quality: { step: qualityStep, from: iso(qw.from), points: [] },
      latency: { step: LATENCY_STEP[q.range].label, totals: EMPTY_TOTALS, earlier: EMPTY_TOTALS, points: [] },
      samples: [],
      highestLoss: [],
      resources: { points: [], events: [], truncated: false },
    };

  const vid = chosen.id;
  const [reference, quality, latency, sampled, resources, threshold] = await Promise.all([
    referenceOf(vid),
    qualityPanel(vid, qw),
    latencyPanel(vid, w, LATENCY_STEP[q.range]),
    samplesPanel(vid, w, q.trace ?? null, now),
    resourcesPanel(actor, q.model, chosen.version, w),
    outlierThreshold(vid),
  ]);
  const spec = reference?.spec;
  const judged = spec ? await featuresByDrift(vid, spec, w) : null;
  return {
    ...base,
    version: chosen.version,
    stage: chosen.stage,
    drift: {
      reference: reference && spec ? { updatedAt: reference.updatedAt, features: Object.keys(spec).length } : null,
      features: judged?.features ?? [],
    },
    outliers: {
      threshold,
      inputs: spec && judged ? outlierInputs(spec, reference?.prediction ?? null, threshold, judged.cur, judged.old) : [],
      samples: spec ? topOutlierSamples(spec, await scoredSamples(vid, w)) : [],
    },
    quality,
    latency,
    samples: sampled.recent,
    highestLoss: sampled.highestLoss,
    resources,
  };
}
