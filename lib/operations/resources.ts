import "server-only";
import { and, asc, desc, eq, gte, lt, sql } from "drizzle-orm";
import { type Conn, conn, rows, transact } from "@/db/client";
import { modelVersions, resourcePoints } from "@/db/schema";
import { zodDetails } from "../api/validate";
import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/policy";
import { AppError, badRequest, type ErrorDetail, notFound } from "../errors";
import { resolveVersionIds } from "../inventory/resolve";
import { MAX_FUTURE_MS } from "../telemetry/limits";
import { parseTime } from "../time";
import { type Bound, findModel, iso, window } from "./common";
import { MAX_RESOURCE_POINTS, ResourceBatch, type ResourcePointInput } from "./schemas";

/** Points a resourceSeries read returns at most (the oldest are dropped first; `truncated` says so). */
export const MAX_SERIES_POINTS = 10_000;

function invalid(details: ErrorDetail[]): AppError {
  const first = details[0];
  return badRequest(
    `The resources batch is invalid: ${first.path} ${first.message}${details.length > 1 ? ` (and ${details.length - 1} more)` : ""}. Nothing was stored.`,
    details.slice(0, 100),
  );
}

/** The body `{points: [...]}` checked whole: 413 past 10,000 points, 400 naming points[i].field. */
export function parseResources(body: unknown, now = Date.now()): ResourcePointInput[] {
  const points = (body as { points?: unknown } | null)?.points;
  if (Array.isArray(points) && points.length > MAX_RESOURCE_POINTS)
    throw new AppError(
      "payload_too_large",
      413,
      `Send at most ${MAX_RESOURCE_POINTS.toLocaleString("en")} points a request; this one has ${points.length.toLocaleString("en")}.`,
    );
  const r = ResourceBatch.safeParse(body);
  if (!r.success) throw invalid(zodDetails(r.error));
  const future = r.data.points.flatMap((p, i) =>
    parseTime(p.ts).getTime() > now + MAX_FUTURE_MS ? [{ path: `points[${i}].ts`, message: "is more than 24 hours in the future" }] : [],
  );
  if (future.length) throw invalid(future);
  return r.data.points;
}

/**
 * POST /api/v1/resources: the batch checked whole (nothing stored unless all of it is valid, unknown model or
 * version included, named as points[i].model / points[i].version), then written with one multi-row statement and
 * one audit entry. A point repeating one already stored for the same version, environment and instant is skipped
 * (a retried batch stores nothing twice); within a batch, the last of such repeats counts.
 */
export async function ingestResources(actor: Actor, body: unknown, now = new Date()): Promise<{ accepted: number }> {
  authorize(actor, "telemetry.write");
  const points = parseResources(body, now.getTime());
  return transact(async (tx) => {
    const { ids, details } = await resolveVersionIds(tx, points, "points");
    if (details.length) throw invalid(details);
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    const records = points.map((p, i) => {
      const at = parseTime(p.ts).getTime();
      if (at < first) first = at;
      if (at > last) last = at;
      return {
        i,
        v: ids.get(`${p.model}\n${p.version}`) as number,
        env: p.environment,
        ts: new Date(at).toISOString(),
        cpu: p.cpu,
        mem: p.memoryMb,
        replicas: p.replicas,
      };
    });
    // Raw: a jsonb_to_recordset batch, deduplicated with distinct on and skipping points already stored.
    await rows(
      sql`insert into resource_points (version_id, environment, ts, cpu, memory_mb, replicas)
        select x.v, x.env, x.ts, x.cpu, x.mem, x.replicas
        from (select distinct on (v, env, ts) * from jsonb_to_recordset(${JSON.stringify(records)}::jsonb)
                as r(i int, v int, env text, ts timestamptz, cpu float8, mem float8, replicas int)
              order by v, env, ts, i desc) as x
        where not exists (select 1 from resource_points p where p.version_id = x.v and p.environment = x.env and p.ts = x.ts)
        order by x.v, x.env, x.ts`,
      tx,
    );
    const versions = [...new Set(points.map((p) => `${p.model}/${p.version}`))].sort();
    await appendAudit(tx, actor, "resources.ingested", { type: "resources", id: versions[0] }, null, {
      points: points.length,
      versions: versions.slice(0, 100),
      from: new Date(first).toISOString(),
      to: new Date(last).toISOString(),
    });
    return { accepted: points.length };
  });
}

export type AutoscalingEvent = {
  model: string;
  version: string;
  environment: string;
  ts: string;
  fromReplicas: number;
  toReplicas: number;
};

/**
 * Autoscaling events in [from, to): the points whose replicas differ from the previous point of the same version and
 * environment (LAG over time). The previous point may lie before `from`: each series' last point before the window is
 * read too (one index probe each), so a change at the window's first point counts and history is not scanned.
 * `target`: a version id (number) or a model name (string: all its versions). No authorisation here: for callers that
 * did it (resourceSeries, the dashboards, the alert evaluator).
 */
export async function autoscalingEvents(target: number | string, from?: Bound, to?: Bound, c?: Conn): Promise<AutoscalingEvent[]> {
  const w = window(from, to);
  const db = c ?? (await conn());
  const versions =
    typeof target === "number"
      ? sql`select id from model_versions where id = ${target}`
      : sql`select v.id from model_versions v join models m on m.id = v.model_id where m.name = ${target}`;
  // Raw: lag() over a window, with a lateral probe for each series' last point before the window.
  const list = await rows<{ model: string; version: string; environment: string; ts: string | Date; prev: number; replicas: number }>(
    sql`with inside as (
        select version_id, environment, ts, replicas from resource_points
        where version_id in (${versions})
          ${w.from ? sql`and ts >= ${w.from}::timestamptz` : sql``}
          ${w.to ? sql`and ts < ${w.to}::timestamptz` : sql``}),
      earlier as (
        ${
          w.from
            ? sql`select b.version_id, b.environment, b.ts, b.replicas
                from (select distinct version_id, environment from inside) k
                cross join lateral (select p.version_id, p.environment, p.ts, p.replicas from resource_points p
                  where p.version_id = k.version_id and p.environment = k.environment and p.ts < ${w.from}::timestamptz
                  order by p.ts desc limit 1) b`
            : sql`select version_id, environment, ts, replicas from inside where false`
        }),
      lagged as (
        select version_id, environment, ts, replicas, lag(replicas) over (partition by version_id, environment order by ts) as prev
        from (select * from inside union all select * from earlier) pts)
      select m.name as model, v.version, l.environment, l.ts, l.prev, l.replicas
      from lagged l join model_versions v on v.id = l.version_id join models m on m.id = v.model_id
      where l.prev is not null and l.prev <> l.replicas ${w.from ? sql`and l.ts >= ${w.from}::timestamptz` : sql``}
      order by l.ts, m.name, v.version, l.environment`,
    db,
  );
  return list.map((r) => ({
    model: r.model,
    version: r.version,
    environment: r.environment,
    ts: iso(r.ts),
    fromReplicas: Number(r.prev),
    toReplicas: Number(r.replicas),
  }));
}

export type ResourcePointView = { version: string; environment: string; ts: string; cpu: number; memoryMb: number; replicas: number };
export type ResourceSeries = {
  model: string;
  version: string | null;
  from: string | null;
  to: string | null;
  points: ResourcePointView[];
  truncated: boolean;
  events: AutoscalingEvent[];
};

/**
 * For the on-call dashboard: a model's resource points in [from, to) (one version, or all), oldest first, at most
 * 10,000 (the newest kept; `truncated`), and its autoscaling events. 404 naming an unknown model or version.
 */
export async function resourceSeries(
  actor: Actor,
  model: string,
  version: string | null | undefined,
  from?: Bound,
  to?: Bound,
): Promise<ResourceSeries> {
  authorize(actor, "inventory.read");
  const w = window(from, to);
  const db = await conn();
  const m = await findModel(db, model);
  let versionId: number | null = null;
  if (version) {
    const [v] = await db
      .select({ id: modelVersions.id })
      .from(modelVersions)
      .where(and(eq(modelVersions.modelId, m.id), eq(modelVersions.version, version)));
    if (!v) throw notFound(`The version ${version} of ${m.name}`);
    versionId = v.id;
  }
  const p = resourcePoints;
  const newest = db
    .select({
      version: modelVersions.version,
      environment: p.environment,
      ts: p.ts,
      cpu: p.cpu,
      memoryMb: p.memoryMb,
      replicas: p.replicas,
    })
    .from(p)
    .innerJoin(modelVersions, eq(modelVersions.id, p.versionId))
    .where(
      and(
        versionId !== null ? eq(p.versionId, versionId) : eq(modelVersions.modelId, m.id),
        w.from ? gte(p.ts, new Date(w.from)) : undefined,
        w.to ? lt(p.ts, new Date(w.to)) : undefined,
      ),
    )
    .orderBy(desc(p.ts), asc(modelVersions.version), asc(p.environment))
    .limit(MAX_SERIES_POINTS + 1)
    .as("newest");
  const list = await db.select().from(newest).orderBy(asc(newest.ts), asc(newest.version), asc(newest.environment));
  const truncated = list.length > MAX_SERIES_POINTS;
  const points = (truncated ? list.slice(1) : list).map((r) => ({ ...r, ts: iso(r.ts) }));
  const events = await autoscalingEvents(versionId ?? m.name, w.from, w.to, db);
  return { model: m.name, version: version ?? null, from: w.from, to: w.to, points, truncated, events };
}
