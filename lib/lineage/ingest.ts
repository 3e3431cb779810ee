import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { rows, type Tx, transact } from "@/db/client";
import { inList } from "@/db/in-list";
import { lineageNodes, lineageRuns, lineageSchemas, models, modelVersions } from "@/db/schema";
import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/policy";
import { badRequest, type ErrorDetail } from "../errors";
import { retrying } from "../retry";
import { settle } from "../slo/evaluate";
import { enqueueEvent, nudgeWebhooks } from "../webhooks/outbox";
import { type Batch, foldEvents, mergeNode, mergeRun, type NodeDraft, type RunDraft, runState, type SchemaField } from "./fold";
import { downstreamModels } from "./graph";
import { parseNodeId } from "./ids";
import { linkTrainingRuns, upsertEdges } from "./link";
import { describeDiff, diffSchemas, isEmptyDiff } from "./schema-diff";
import { checkEvent, isRunEvent, type OLEvent } from "./validate";

export const MAX_EVENTS = 10_000;
/** Warnings listed in an answer; past this, one more entry says how many were left off. */
export const MAX_WARNINGS = 100;

/**
 * Body → events: one OpenLineage event (RunEvent, JobEvent or DatasetEvent) or an array of them, each checked against
 * the spec; 400 naming every bad core field. Facets that break their schema and a missing schemaURL are `warnings`.
 */
export function parseEvents(body: unknown): { events: OLEvent[]; warnings: ErrorDetail[] } {
  const list = Array.isArray(body) ? body : [body];
  if (list.length === 0) throw badRequest("Send at least one OpenLineage event.", [{ path: "body", message: "is an empty array" }]);
  if (list.length > MAX_EVENTS)
    throw badRequest(`Send at most ${MAX_EVENTS} events a request.`, [{ path: "body", message: `has ${list.length} events` }]);
  const details: ErrorDetail[] = [];
  const warnings: ErrorDetail[] = [];
  const events: OLEvent[] = [];
  list.forEach((e, i) => {
    const checked = checkEvent(e, Array.isArray(body) ? `[${i}]` : "");
    details.push(...checked.errors);
    warnings.push(...checked.warnings);
    if (checked.event) events.push(checked.event);
  });
  if (details.length) {
    const first = details[0];
    throw badRequest(
      `The OpenLineage event is invalid: ${first.path} ${first.message}${details.length > 1 ? ` (and ${details.length - 1} more)` : ""}.`,
      details.slice(0, 100),
    );
  }
  const listed = warnings.slice(0, MAX_WARNINGS);
  if (warnings.length > MAX_WARNINGS)
    listed.push({ path: "body", message: `${warnings.length - MAX_WARNINGS} more warnings were left off this list` });
  return { events, warnings: listed };
}

const chunks = <T>(xs: T[], n: number) => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));
const json = (v: unknown) => JSON.stringify(v);

/**
 * Lock the rows of `ids` in id order, inserting the missing ones, in one pass: `on conflict do update … where false`
 * locks a conflicting row without writing it. One ascending pass per batch is what keeps two batches that share nodes
 * from deadlocking.
 */
async function lockNodes(tx: Tx, drafts: { id: string; type: string; namespace: string; name: string }[]) {
  // Raw: a jsonb_to_recordset batch, inserted in id order with a lock-only conflict clause.
  await rows(
    sql`insert into lineage_nodes (id, type, namespace, name)
      select id, type, namespace, name from jsonb_to_recordset(${json(drafts)}::jsonb) as v(id text, type text, namespace text, name text)
      order by id
      on conflict (id) do update set name = excluded.name where false`,
    tx,
  );
}

async function writeNodes(tx: Tx, drafts: NodeDraft[]) {
  if (!drafts.length) return;
  drafts.sort((a, b) => (a.id < b.id ? -1 : 1));
  await lockNodes(
    tx,
    drafts.map(({ id, type, namespace, name }) => ({ id, type, namespace, name })),
  );
  const withFacets = drafts.filter((d) => Object.keys(d.facetTimes).length);
  if (!withFacets.length) return;
  const stored = await tx
    .select({ id: lineageNodes.id, facets: lineageNodes.facets, facetTimes: lineageNodes.facetTimes })
    .from(lineageNodes)
    .where(
      inList(
        lineageNodes.id,
        withFacets.map((d) => d.id),
      ),
    );
  const byId = new Map(stored.map((r) => [r.id, r]));
  const changed = withFacets
    .map((d) => {
      const r = byId.get(d.id);
      const merged = mergeNode({ facets: r?.facets ?? {}, facetTimes: r?.facetTimes ?? {} }, d);
      return {
        id: d.id,
        ...merged,
        same: json(merged.facetTimes) === json(r?.facetTimes ?? {}) && json(merged.facets) === json(r?.facets ?? {}),
      };
    })
    .filter((m) => !m.same);
  if (!changed.length) return;
  // Raw: an update from a jsonb_to_recordset batch (one statement for every changed node).
  await rows(
    sql`update lineage_nodes n set facets = v.facets, facet_times = v.facet_times, updated_at = now()
      from jsonb_to_recordset(${json(changed.map((c) => ({ id: c.id, facets: c.facets, facet_times: c.facetTimes })))}::jsonb)
        as v(id text, facets jsonb, facet_times jsonb)
      where n.id = v.id`,
    tx,
  );
}

async function writeRuns(tx: Tx, drafts: RunDraft[]): Promise<RunDraft[]> {
  drafts.sort((a, b) => (a.runId < b.runId ? -1 : 1));
  const out: RunDraft[] = [];
  for (const part of chunks(drafts, 1000)) {
    // As for nodes: insert placeholders for new runs and lock existing ones in one ascending pass, then read.
    // Raw: a jsonb_to_recordset batch with a lock-only conflict clause.
    await rows(
      sql`insert into lineage_runs (run_id, job_id, state, state_at)
        select run_id, job_id, 'OTHER', now() from jsonb_to_recordset(${json(part.map((d) => ({ run_id: d.runId, job_id: d.jobId })))}::jsonb)
          as v(run_id uuid, job_id text)
        order by run_id
        on conflict (run_id) do update set job_id = excluded.job_id where false`,
      tx,
    );
    const stored = (
      await tx
        .select({
          runId: lineageRuns.runId,
          jobId: lineageRuns.jobId,
          events: lineageRuns.events,
          inputs: lineageRuns.inputs,
          outputs: lineageRuns.outputs,
          facets: lineageRuns.facets,
          facetTimes: lineageRuns.facetTimes,
        })
        .from(lineageRuns)
        .where(
          inList(
            lineageRuns.runId,
            part.map((d) => d.runId),
            "uuid",
          ),
        )
    ).filter((r) => r.events.length > 0); // a placeholder just inserted has no events yet
    const byId = new Map(stored.map((s) => [s.runId, s]));
    const merged = part.map((d) => {
      const s = byId.get(d.runId);
      return s ? mergeRun(s, d) : d;
    });
    out.push(...merged);
    const records = merged.map((r) => {
      const st = runState(r.events);
      return {
        run_id: r.runId,
        job_id: r.jobId,
        state: st.state,
        state_at: st.stateAt,
        started_at: st.startedAt,
        ended_at: st.endedAt,
        inputs: r.inputs,
        outputs: r.outputs,
        facets: r.facets,
        facet_times: r.facetTimes,
        events: r.events.slice(-200),
      };
    });
    // Raw: a jsonb_to_recordset batch whose json arrays become text[] columns.
    await rows(
      sql`insert into lineage_runs (run_id, job_id, state, state_at, started_at, ended_at, inputs, outputs, facets, facet_times, events)
        select run_id, job_id, state, state_at, started_at, ended_at,
          array(select jsonb_array_elements_text(inputs)), array(select jsonb_array_elements_text(outputs)), facets, facet_times, events
        from jsonb_to_recordset(${json(records)}::jsonb) as v(run_id uuid, job_id text, state text, state_at timestamptz, started_at timestamptz,
          ended_at timestamptz, inputs jsonb, outputs jsonb, facets jsonb, facet_times jsonb, events jsonb)
        on conflict (run_id) do update set job_id = excluded.job_id, state = excluded.state, state_at = excluded.state_at,
          started_at = excluded.started_at, ended_at = excluded.ended_at, inputs = excluded.inputs, outputs = excluded.outputs,
          facets = excluded.facets, facet_times = excluded.facet_times, events = excluded.events, updated_at = now()`,
      tx,
    );
  }
  return out;
}

type NewChange = { datasetId: string; at: string; runId: string };

/** Store schema observations; return those that differ from the schema seen just before them. */
async function writeSchemas(tx: Tx, batch: Batch): Promise<NewChange[]> {
  if (!batch.schemas.length) return [];
  // Raw: a jsonb_to_recordset batch returning whether each row is new (xmax = 0).
  const inserted = await rows<{ dataset_id: string; observed_at: string | Date; hash: string; run_id: string }>(
    sql`insert into lineage_schemas (dataset_id, observed_at, hash, run_id, fields)
      select dataset_id, observed_at, hash, run_id, fields
      from jsonb_to_recordset(${json(batch.schemas.map((s) => ({ dataset_id: s.datasetId, observed_at: s.observedAt, hash: s.hash, run_id: s.runId, fields: s.fields })))}::jsonb)
        as v(dataset_id text, observed_at timestamptz, hash text, run_id uuid, fields jsonb)
      on conflict (dataset_id, observed_at, hash) do update set run_id = least(lineage_schemas.run_id, excluded.run_id)
      returning dataset_id, observed_at, hash, run_id, (xmax = 0) as fresh`,
    tx,
  );
  const fresh = inserted.filter((r) => (r as unknown as { fresh: boolean }).fresh);
  if (!fresh.length) return [];
  // Each new observation against the one seen just before it, in one statement. Raw: a lateral join over a recordset.
  const prev = await rows<{ dataset_id: string; observed_at: string | Date; hash: string; run_id: string; prev_hash: string | null }>(
    sql`select v.dataset_id, v.observed_at, v.hash, v.run_id, p.hash as prev_hash
      from jsonb_to_recordset(${json(fresh.map((r) => ({ dataset_id: r.dataset_id, observed_at: new Date(r.observed_at).toISOString(), hash: r.hash, run_id: r.run_id })))}::jsonb)
        as v(dataset_id text, observed_at timestamptz, hash text, run_id uuid)
      left join lateral (
        select s.hash from lineage_schemas s where s.dataset_id = v.dataset_id and (s.observed_at, s.hash) < (v.observed_at, v.hash)
        order by s.observed_at desc, s.hash desc limit 1
      ) p on true`,
    tx,
  );
  return prev
    .filter((r) => r.prev_hash !== null && r.prev_hash !== r.hash)
    .map((r) => ({ datasetId: r.dataset_id, at: new Date(r.observed_at).toISOString(), runId: r.run_id }));
}

export type IngestResult = { accepted: number; runs: number; schemaChanges: number; warnings: ErrorDetail[] };

/** API.md `POST /lineage`: fold OpenLineage events into the graph in one transaction, with its audit entry. */
export async function ingestLineage(actor: Actor, body: unknown): Promise<IngestResult> {
  authorize(actor, "lineage.write");
  const { events, warnings } = parseEvents(body);
  const staticEvents = events.filter((e) => !isRunEvent(e)).length;
  const batch = foldEvents(events);
  let notified = false;
  const result = await retrying(() =>
    transact(async (tx) => {
      await writeNodes(tx, [...batch.nodes.values()]);
      const runs = await writeRuns(tx, [...batch.runs.values()]);
      await upsertEdges(
        tx,
        [...batch.edges.values()]
          .sort((a, b) => (a.source + a.target < b.source + b.target ? -1 : 1))
          .map((e) => ({ ...e, origin: "event" })),
      );
      await linkTrainingRuns(
        tx,
        runs.map((r) => r.runId),
      );
      const changes = await writeSchemas(tx, batch);
      for (const c of changes) {
        const s = lineageSchemas;
        const earlier = alias(lineageSchemas, "p");
        const previous = tx
          .select({ fields: earlier.fields })
          .from(earlier)
          .where(and(eq(earlier.datasetId, s.datasetId), sql`(${earlier.observedAt}, ${earlier.hash}) < (${s.observedAt}, ${s.hash})`))
          .orderBy(desc(earlier.observedAt), desc(earlier.hash))
          .limit(1);
        const [change] = await tx
          .select({ fields: s.fields, prev: sql<SchemaField[] | null>`(${previous})` })
          .from(s)
          .where(and(eq(s.datasetId, c.datasetId), eq(s.observedAt, new Date(c.at))))
          .orderBy(s.hash)
          .limit(1);
        const diff = diffSchemas(change?.prev ?? [], change?.fields ?? []);
        if (isEmptyDiff(diff)) continue;
        const production = (await downstreamModels(c.datasetId)).filter((i) => i.stage === "production");
        await enqueueEvent(tx, "lineage.schema_changed", {
          dataset: c.datasetId,
          at: c.at,
          runId: c.runId,
          diff,
          severity: "ticket",
          production,
        });
        notified = true;
        // A ticket on each production version it feeds, grouped by version: one open alert per dataset and version.
        const dataset = parseNodeId(c.datasetId);
        for (const p of production.filter((i) => i.type === "model")) {
          if (p.version === null) continue;
          const [ids] = await tx
            .select({ modelId: models.id, versionId: modelVersions.id })
            .from(models)
            .innerJoin(modelVersions, eq(modelVersions.modelId, models.id))
            .where(and(eq(models.name, p.model), eq(modelVersions.version, p.version)));
          if (!ids) continue;
          await settle(tx, new Date(), {
            key: `schema:${c.datasetId}:${ids.versionId}`,
            kind: "schema_change",
            modelId: ids.modelId,
            model: p.model,
            versionId: ids.versionId,
            version: p.version,
            sloId: null,
            severity: "ticket",
            title: `${p.model} ${p.version}: upstream schema change in ${dataset?.name ?? c.datasetId} (${describeDiff(diff)})`,
            details: { dataset: c.datasetId, at: c.at, runId: c.runId, diff, depth: p.depth },
          });
        }
      }
      const runIds = runs.map((r) => r.runId);
      // A batch of static events only (JobEvents, DatasetEvents) has no run: its entry names its first node.
      const entity = runIds.length
        ? { type: "lineage_run", id: runIds[0] }
        : { type: "lineage_node", id: [...batch.nodes.keys()].sort()[0] };
      await appendAudit(tx, actor, "lineage.ingested", entity, null, {
        events: events.length,
        runs: runIds.slice(0, 50),
        jobs: [...new Set(runs.map((r) => r.jobId))].slice(0, 50),
        schemaChanges: changes.map((c) => c.datasetId),
        ...(staticEvents ? { staticEvents } : {}),
        ...(warnings.length ? { warnings: warnings.length } : {}),
      });
      return { accepted: events.length, runs: runIds.length, schemaChanges: changes.length, warnings };
    }),
  );
  if (notified) nudgeWebhooks();
  return result;
}
