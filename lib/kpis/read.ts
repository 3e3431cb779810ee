import "server-only";
import { eq, sql } from "drizzle-orm";
import { conn, rows } from "@/db/client";
import { models } from "@/db/schema";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/policy";
import { badRequest, notFound } from "../errors";
import { parseTime } from "../time";
import { definitionsByName } from "./definitions";
import { KPI_STEPS, type KpiQueryInput, type KpiSeriesView, type KpiStep, MAX_KPI_STEPS } from "./schemas";

const DAY = 86_400_000;
const STEP_ORDER = Object.keys(KPI_STEPS) as KpiStep[];
/** The default step is the finest giving at most this many steps. */
const DEFAULT_STEPS = 200;

/** from/to/step → the window read, aligned to the step (7d steps to Monday 00:00 UTC); 400 when empty or too long. */
export function kpiWindow(
  q: { from?: string; to?: string; step?: KpiStep },
  now = Date.now(),
): { from: number; to: number; step: KpiStep } {
  const rawTo = q.to !== undefined ? parseTime(q.to).getTime() : now;
  const rawFrom = q.from !== undefined ? parseTime(q.from).getTime() : rawTo - 90 * DAY;
  if (rawFrom >= rawTo) throw badRequest("The window is empty: from must be before to.", [{ path: "from", message: "must be before to" }]);
  const step = q.step ?? STEP_ORDER.find((s) => (rawTo - rawFrom) / (KPI_STEPS[s] * 1000) <= DEFAULT_STEPS) ?? "7d";
  const unit = KPI_STEPS[step] * 1000;
  // The epoch began on a Thursday: weeks are counted from Monday 1970-01-05.
  const origin = step === "7d" ? 4 * DAY : 0;
  const from = Math.floor((rawFrom - origin) / unit) * unit + origin;
  const to = Math.ceil((rawTo - origin) / unit) * unit + origin;
  const steps = (to - from) / unit;
  if (steps > MAX_KPI_STEPS)
    throw badRequest(
      `The window holds ${steps.toLocaleString("en")} steps of ${step}; ask for at most ${MAX_KPI_STEPS.toLocaleString("en")} (a coarser step or a shorter window).`,
      [{ path: "step", message: `gives ${steps} steps; at most ${MAX_KPI_STEPS}` }],
    );
  return { from, to, step };
}

export type KpiStepRow = {
  kpiId: number;
  modelId: number;
  model: string;
  version: string | null;
  t: number;
  count: number;
  sum: number;
  mean: number;
  min: number;
  max: number;
};

/**
 * KPIs' points folded per step over [from, to), in one statement for any number of KPIs: per KPI, model and version, or
 * per KPI and model with its versions merged (`byVersion` false). No authorisation here: for callers that did it
 * (readKpis, the executive dashboard).
 */
export async function kpiSteps(
  kpiIds: number | number[],
  w: { from: number; to: number; stepSeconds: number; origin?: number },
  opts: { modelIds?: number[]; byVersion: boolean },
): Promise<KpiStepRow[]> {
  const origin = (w.origin ?? w.from) / 1000;
  const versionCol = opts.byVersion ? sql`v.version` : sql`null::text`;
  const ids = Array.isArray(kpiIds) ? kpiIds : [kpiIds];
  if (!ids.length) return [];
  // Raw: aggregates over time buckets.
  const list = await rows<{
    kpi_id: number;
    model_id: number;
    model: string;
    version: string | null;
    t: string;
    n: number;
    s: number;
    a: number;
    mn: number;
    mx: number;
  }>(
    sql`select p.kpi_id, m.id as model_id, m.name as model, ${versionCol} as version,
        (floor((extract(epoch from p.ts) - ${origin}) / ${w.stepSeconds}) * ${w.stepSeconds} + ${origin})::int8::text as t,
        count(*)::int as n, sum(p.value) as s, avg(p.value) as a, min(p.value) as mn, max(p.value) as mx
      from kpi_points p join models m on m.id = p.model_id left join model_versions v on v.id = p.version_id
      where p.kpi_id in (select (jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))::int)
        and p.ts >= ${new Date(w.from).toISOString()}::timestamptz and p.ts < ${new Date(w.to).toISOString()}::timestamptz
        ${opts.modelIds ? sql`and p.model_id in (select (jsonb_array_elements_text(${JSON.stringify(opts.modelIds)}::jsonb))::int)` : sql``}
      group by 1, 2, 3, 4, 5
      order by 1, 3, 4 nulls first, 5`,
    await conn(),
  );
  return list.map((r) => ({
    kpiId: Number(r.kpi_id),
    modelId: Number(r.model_id),
    model: r.model,
    version: r.version,
    t: Number(r.t) * 1000,
    count: Number(r.n),
    sum: Number(r.s),
    mean: Number(r.a),
    min: Number(r.mn),
    max: Number(r.mx),
  }));
}

/** GET /api/v1/kpis?kpi=&model=&from=&to=&step=: the KPI per model, version and step. 404 naming an unknown KPI or model. */
export async function readKpis(actor: Actor, q: KpiQueryInput, now = Date.now()): Promise<KpiSeriesView> {
  authorize(actor, "inventory.read");
  const defs = await definitionsByName();
  const def = defs.get(q.kpi);
  if (!def) throw notFound(`The KPI ${q.kpi}`);
  let modelIds: number[] | undefined;
  if (q.model !== undefined) {
    const [m] = await (await conn()).select({ id: models.id }).from(models).where(eq(models.name, q.model));
    if (!m) throw notFound(`The model ${q.model}`);
    modelIds = [m.id];
  }
  const w = kpiWindow(q, now);
  const steps = await kpiSteps(def.id, { from: w.from, to: w.to, stepSeconds: KPI_STEPS[w.step] }, { modelIds, byVersion: true });
  const { id: _id, ...kpi } = def;
  return {
    kpi,
    model: q.model ?? null,
    from: new Date(w.from).toISOString(),
    to: new Date(w.to).toISOString(),
    step: w.step,
    series: steps.map((s) => ({
      t: new Date(s.t).toISOString(),
      model: s.model,
      version: s.version,
      value: def.aggregation === "sum" ? s.sum : s.mean,
      count: s.count,
      sum: s.sum,
      mean: s.mean,
      min: s.min,
      max: s.max,
    })),
  };
}
