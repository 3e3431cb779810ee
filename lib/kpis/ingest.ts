import "server-only";
import { sql } from "drizzle-orm";
import { rows, type Tx, transact } from "@/db/client";
import { inList } from "@/db/in-list";
import { kpiDefinitions, models as modelTable } from "@/db/schema";
import { zodDetails } from "../api/validate";
import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/policy";
import { AppError, badRequest, type ErrorDetail } from "../errors";
import { MAX_FUTURE_MS } from "../telemetry/limits";
import { parseTime } from "../time";
import { KpiBatch, type KpiPointInput, MAX_KPI_POINTS } from "./schemas";

function invalid(details: ErrorDetail[]): AppError {
  const first = details[0];
  return badRequest(
    `The KPI batch is invalid: ${first.path} ${first.message}${details.length > 1 ? ` (and ${details.length - 1} more)` : ""}. Nothing was stored.`,
    details.slice(0, 100),
  );
}

/** The body `{points: [...]}` checked whole: 413 past 10,000 points, 400 naming points[i].field. */
export function parseKpis(body: unknown, now = Date.now()): KpiPointInput[] {
  const points = (body as { points?: unknown } | null)?.points;
  if (Array.isArray(points) && points.length > MAX_KPI_POINTS)
    throw new AppError(
      "payload_too_large",
      413,
      `Send at most ${MAX_KPI_POINTS.toLocaleString("en")} points a request; this one has ${points.length.toLocaleString("en")}.`,
    );
  const r = KpiBatch.safeParse(body);
  if (!r.success) throw invalid(zodDetails(r.error));
  const future = r.data.points.flatMap((p, i) =>
    parseTime(p.ts).getTime() > now + MAX_FUTURE_MS ? [{ path: `points[${i}].ts`, message: "is more than 24 hours in the future" }] : [],
  );
  if (future.length) throw invalid(future);
  return r.data.points;
}

type Resolved = { kpi: Map<string, number>; model: Map<string, number>; version: Map<string, number> };

/**
 * Every KPI, model and (model, version) of a batch in three queries; a detail for the first item naming each unknown
 * one (points[i].kpi, .model, .version), in item order.
 */
async function resolve(tx: Tx, points: KpiPointInput[]): Promise<Resolved & { details: ErrorDetail[] }> {
  const kpiNames = [...new Set(points.map((p) => p.kpi))];
  const modelNames = [...new Set(points.map((p) => p.model))];
  const pairs = [...new Set(points.filter((p) => p.version !== undefined).map((p) => `${p.model}\n${p.version}`))].map((k) => {
    const [model, version] = k.split("\n");
    return { model, version };
  });
  const [kpis, models, versions] = await Promise.all([
    tx.select({ id: kpiDefinitions.id, name: kpiDefinitions.name }).from(kpiDefinitions).where(inList(kpiDefinitions.name, kpiNames)),
    tx.select({ id: modelTable.id, name: modelTable.name }).from(modelTable).where(inList(modelTable.name, modelNames)),
    // Raw: the (model, version) pairs joined as a jsonb_to_recordset.
    pairs.length
      ? rows<{ model: string; version: string; id: number }>(
          sql`select x.model, x.version, v.id from jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) as x(model text, version text)
            join models m on m.name = x.model join model_versions v on v.model_id = m.id and v.version = x.version`,
          tx,
        )
      : Promise.resolve([]),
  ]);
  const kpi = new Map(kpis.map((k) => [k.name, k.id]));
  const model = new Map(models.map((m) => [m.name, m.id]));
  const version = new Map(versions.map((v) => [`${v.model}\n${v.version}`, Number(v.id)]));
  const details: ErrorDetail[] = [];
  const told = new Set<string>();
  points.forEach((p, i) => {
    const say = (key: string, path: string, message: string) => {
      if (told.has(key)) return;
      told.add(key);
      details.push({ path: `points[${i}].${path}`, message });
    };
    if (!kpi.has(p.kpi)) say(`k:${p.kpi}`, "kpi", `is not a defined KPI (${p.kpi}): admins define KPIs under /admin/kpis`);
    if (!model.has(p.model)) say(`m:${p.model}`, "model", `is not a registered model (${p.model})`);
    else if (p.version !== undefined && !version.has(`${p.model}\n${p.version}`))
      say(`v:${p.model}\n${p.version}`, "version", `is not a registered version of ${p.model} (${p.version})`);
  });
  return { kpi, model, version, details };
}

/**
 * POST /api/v1/kpis: the batch checked whole (nothing stored unless all of it is valid; an undefined KPI, an unknown
 * model or version named by its first point), then written with one multi-row statement and one audit entry. A point
 * repeating a stored (kpi, model, version, ts) replaces its value: a reporter's correction, and a retried batch
 * stores nothing twice. Within a batch, the last of such repeats counts.
 */
export async function ingestKpis(actor: Actor, body: unknown, now = new Date()): Promise<{ accepted: number }> {
  authorize(actor, "kpis.write");
  const points = parseKpis(body, now.getTime());
  return transact(async (tx) => {
    const r = await resolve(tx, points);
    if (r.details.length) throw invalid(r.details);
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    const records = points.map((p, i) => {
      const at = parseTime(p.ts).getTime();
      first = Math.min(first, at);
      last = Math.max(last, at);
      return {
        i,
        k: r.kpi.get(p.kpi),
        m: r.model.get(p.model),
        v: p.version === undefined ? null : r.version.get(`${p.model}\n${p.version}`),
        ts: new Date(at).toISOString(),
        value: p.value,
      };
    });
    // Raw: a jsonb_to_recordset batch, deduplicated with distinct on, upserted on a nulls-not-distinct constraint.
    await rows(
      sql`insert into kpi_points (kpi_id, model_id, version_id, ts, value)
        select x.k, x.m, x.v, x.ts, x.value
        from (select distinct on (k, m, v, ts) * from jsonb_to_recordset(${JSON.stringify(records)}::jsonb)
                as r(i int, k int, m int, v int, ts timestamptz, value float8)
              order by k, m, v, ts, i desc) as x
        order by x.k, x.m, x.v, x.ts
        on conflict on constraint kpi_points_uq do update set value = excluded.value`,
      tx,
    );
    const kpis = [...new Set(points.map((p) => p.kpi))].sort();
    const models = [...new Set(points.map((p) => p.model))].sort();
    await appendAudit(tx, actor, "kpis.ingested", { type: "kpis", id: kpis[0] }, null, {
      points: points.length,
      kpis: kpis.slice(0, 100),
      models: models.slice(0, 100),
      from: new Date(first).toISOString(),
      to: new Date(last).toISOString(),
    });
    return { accepted: points.length };
  });
}
