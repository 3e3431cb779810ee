import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { rows } from "@/db/client";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/policy";
import { notFound } from "../errors";
import { modelNodeId, parseNodeId } from "../lineage/ids";
import { tierRows } from "../telemetry/read";
import { type CoverageInputs, coverageOf, type PortfolioCount, portfolioCounts, type VersionCoverage, WINDOWS } from "./modes";

type VersionRow = { id: number; model_id: number; model: string; version: string; stage: string; runbook_url: string | null };

// Lineage walks stop this deep, as lib/lineage/graph.ts's do.
const MAX_DEPTH = 20;

const intArray = (ids: number[]) => `{${ids.map((v) => Math.trunc(Number(v))).join(",")}}`;
const ago = (now: Date, ms: number) => new Date(now.getTime() - ms).toISOString();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Every input the coverage of these versions is judged on, read with one query per input for all of them together
 * (never a query per version), so the portfolio costs the same ten queries as one version.
 */
export async function coverageInputs(versions: VersionRow[], now = new Date()): Promise<CoverageInputs[]> {
  if (versions.length === 0) return [];
  const ids = intArray(versions.map((v) => v.id));
  const modelIds = intArray([...new Set(versions.map((v) => v.model_id))]);
  const roots = JSON.stringify(versions.map((v) => [v.id, modelNodeId(v.model, v.version)]));
  const idSet = (list: { version_id: number }[]) => new Set(list.map((r) => Number(r.version_id)));

  const [references, labelled, telemetry, resources, reports, kpis, upstream, firing, denials] = await Promise.all([
    rows<{ version_id: number }>(sql`select version_id from drift_references where version_id = any(${ids}::int[])`),
    rows<{ version_id: number }>(sql`
      select version_id from quality_rollups
        where version_id = any(${ids}::int[]) and labelled > 0 and hour >= ${ago(now, WINDOWS.labelDays * DAY)}::timestamptz
      union
      select version_id from predictions
        where version_id = any(${ids}::int[]) and labelled_at >= ${ago(now, WINDOWS.labelDays * DAY)}::timestamptz`),
    rows<{ version_id: number }>(
      sql`select distinct t.version_id from ${tierRows(
        "hour",
        sql`version_id = any(${ids}::int[]) and bucket >= date_trunc('hour', ${ago(now, WINDOWS.telemetryHours * HOUR)}::timestamptz)`,
      )} t where t.count > 0`,
    ),
    rows<{ version_id: number }>(sql`
      select distinct version_id from resource_points
        where version_id = any(${ids}::int[]) and ts >= ${ago(now, WINDOWS.telemetryHours * HOUR)}::timestamptz`),
    // Per model, how many reports; per version of ours, its latest report.
    rows<{
      model_id: number;
      version_id: number | null;
      n: number;
      environment: string | null;
      status: string | null;
      ts: string | Date | null;
    }>(sql`
      with d as (
        select v.model_id, d.version_id, d.environment, d.status, d.ts,
          count(*) over (partition by v.model_id) as n,
          row_number() over (partition by d.version_id order by d.ts desc, d.id desc) as rn
        from deployments d join model_versions v on v.id = d.version_id
        where v.model_id = any(${modelIds}::int[]))
      select model_id, case when version_id = any(${ids}::int[]) then version_id end as version_id, n::int as n,
        environment, status, ts
      from d where rn = 1`),
    rows<{ model_id: number }>(sql`
      select distinct model_id from kpi_points
        where model_id = any(${modelIds}::int[]) and ts >= ${ago(now, WINDOWS.kpiDays * DAY)}::timestamptz`),
    // Every dataset upstream of each version's lineage node, and each one's latest recent validation result.
    rows<{ version_id: number; datasets: number; validated: number; failing: string[] | null }>(sql`
      with recursive roots(version_id, node) as (
        select (r->>0)::int, r->>1 from jsonb_array_elements(${roots}::jsonb) r),
      up(version_id, node, depth) as (
        select version_id, node, 0 from roots
        union
        select up.version_id, e.source, up.depth + 1 from up join lineage_edges e on e.target = up.node where up.depth < ${MAX_DEPTH}),
      ds as (select distinct version_id, node from up where node like 'dataset:%'),
      latest as (
        select distinct on (dataset_id) dataset_id, success from data_quality_results
        where dataset_id in (select node from ds) and run_time >= ${ago(now, WINDOWS.validationDays * DAY)}::timestamptz
        order by dataset_id, run_time desc, received_at desc, id desc)
      select ds.version_id, count(*)::int as datasets, count(l.dataset_id)::int as validated,
        array_agg(l.dataset_id order by l.dataset_id) filter (where l.success = false) as failing
      from ds left join latest l on l.dataset_id = ds.node
      group by ds.version_id`),
    rows<{ version_id: number | null; model_id: number; kind: string; title: string; severity: string }>(sql`
      select version_id, model_id, kind, title, severity from alerts
      where state = 'firing' and (version_id = any(${ids}::int[]) or (version_id is null and model_id = any(${modelIds}::int[])))
      order by fired_at desc`),
    // Permission denials on a model's API (or pages), by the model's name in the path.
    rows<{ model: string; n: number }>(sql`
      select model, sum(count)::int as n from (
        select count, split_part(case when path like '/api/v1/models/%' then split_part(path, '/', 5) else split_part(path, '/', 3) end, '?', 1) as model
        from security_events
        where kind = 'permission_denied' and at >= ${ago(now, WINDOWS.securityHours * HOUR)}::timestamptz
          and (path like '/api/v1/models/%' or path like '/models/%')) s
      group by model`),
  ]);

  const hasReference = idSet(references);
  const hasLabels = idSet(labelled);
  const hasTelemetry = idSet(telemetry);
  const hasResources = idSet(resources);
  const reportCount = new Map(reports.map((r) => [Number(r.model_id), Number(r.n)]));
  const latestReport = new Map(
    reports
      .filter((r) => r.version_id !== null)
      .map((r) => [
        Number(r.version_id),
        { environment: String(r.environment), status: String(r.status), ts: new Date(r.ts as string).toISOString() },
      ]),
  );
  const hasKpis = new Set(kpis.map((r) => Number(r.model_id)));
  const lineage = new Map(upstream.map((r) => [Number(r.version_id), r]));
  const denied = new Map(denials.map((d) => [d.model, Number(d.n)]));

  return versions.map((v): CoverageInputs => {
    const up = lineage.get(v.id);
    return {
      model: v.model,
      version: v.version,
      stage: v.stage,
      runbookUrl: v.runbook_url,
      referenceProfile: hasReference.has(v.id),
      labelled: hasLabels.has(v.id),
      telemetry: hasTelemetry.has(v.id),
      resources: hasResources.has(v.id),
      deploymentReports: reportCount.get(v.model_id) ?? 0,
      latestReport: latestReport.get(v.id) ?? null,
      kpiPoints: hasKpis.has(v.model_id),
      upstreamDatasets: up?.datasets ?? 0,
      validatedUpstream: up?.validated ?? 0,
      failingUpstream: (up?.failing ?? []).map((id) => ({ datasetId: id, name: parseNodeId(id)?.name ?? id })),
      firing: firing
        .filter((a) => (a.version_id === null ? Number(a.model_id) === v.model_id : Number(a.version_id) === v.id))
        .map((a) => ({ kind: a.kind, title: a.title, severity: a.severity })),
      permissionDenials: denied.get(v.model) ?? 0,
    };
  });
}

async function versionRows(where: SQL): Promise<VersionRow[]> {
  const list = await rows<VersionRow>(sql`
    select v.id, v.model_id, m.name as model, v.version, v.stage::text as stage, m.runbook_url
    from model_versions v join models m on m.id = v.model_id
    where ${where}
    order by m.name, v.id`);
  return list.map((r) => ({ ...r, id: Number(r.id), model_id: Number(r.model_id) }));
}

/** The eight failure modes for one version of a model: live or blind, state, runbook (inventory.read). */
export async function versionCoverage(actor: Actor, model: string, version: string, now = new Date()): Promise<VersionCoverage> {
  authorize(actor, "inventory.read");
  const [v] = await versionRows(sql`m.name = ${model} and v.version = ${version}`);
  if (!v) throw notFound(`Version ${version} of model ${model}`);
  const [inputs] = await coverageInputs([v], now);
  return coverageOf(inputs);
}

/**
 * Which version of a model a page shows coverage for: the one in production, else the newest. Null when the model
 * has no version (or does not exist).
 */
export async function shownVersionCoverage(actor: Actor, model: string, now = new Date()): Promise<VersionCoverage | null> {
  authorize(actor, "inventory.read");
  const list = await versionRows(sql`m.name = ${model}`);
  const v = list.find((x) => x.stage === "production") ?? list.at(-1);
  if (!v) return null;
  const [inputs] = await coverageInputs([v], now);
  return coverageOf(inputs);
}

export type PortfolioCoverage = { versions: number; counts: PortfolioCount[]; items: VersionCoverage[] };

/** Every production version's coverage, and per failure mode how many of them are blind to it (inventory.read). */
export async function portfolioCoverage(actor: Actor, now = new Date()): Promise<PortfolioCoverage> {
  authorize(actor, "inventory.read");
  const items = (await coverageInputs(await versionRows(sql`v.stage = 'production'`), now)).map(coverageOf);
  return { versions: items.length, counts: portfolioCounts(items), items };
}

/**
 * Coverage of a release candidate as it would be once it serves (no actor: the release checks read it). Its own
 * artefacts count as they are (reference profile, lineage inputs); the flows that come from the model's serving path
 * (telemetry, labels, resource points) count when the candidate or the model's production version has them, since
 * the candidate will be served the same way.
 */
export async function candidateCoverage(versionId: number, now = new Date()): Promise<VersionCoverage | null> {
  const [v] = await versionRows(sql`v.id = ${versionId}`);
  if (!v) return null;
  const [prod] = await versionRows(sql`v.model_id = ${v.model_id} and v.stage = 'production' and v.id <> ${v.id}`);
  const [c, p] = await coverageInputs(prod ? [v, prod] : [v], now);
  if (!p) return coverageOf(c);
  return coverageOf({
    ...c,
    telemetry: c.telemetry || p.telemetry,
    labelled: c.labelled || p.labelled,
    resources: c.resources || p.resources,
  });
}
