import "server-only";
import { resolveVersionIds } from "../inventory/resolve";
import { sql } from "drizzle-orm";
import { rows, transact, type Tx } from "@/db/client";
import { zodDetails } from "../api/validate";
import { appendAudit } from "../audit/append";
import { foldFeatures } from "../drift/ingest";
import { foldQuality } from "../quality/ingest";
import { type Actor, authorize } from "../auth/actor";
import { AppError, badRequest, type ErrorDetail } from "../errors";
import { parseTime } from "../time";
import { type FoldEvent, foldRollups, type RollupRow, type SampleCandidate, sampleCandidates } from "./fold";
import { MAX_EVENTS, MAX_FUTURE_MS, SAMPLE_QUOTA } from "./limits";
import { TelemetryBatch, type TelemetryEventInput } from "./schemas";

export const NDJSON = "application/x-ndjson";
const json = (v: unknown) => JSON.stringify(v);
const chunks = <T>(xs: T[], n: number) => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

const tooMany = (n: number) => new AppError("payload_too_large", 413, `Send at most ${MAX_EVENTS.toLocaleString("en")} events a request; this one has ${n.toLocaleString("en")}.`);

function invalid(details: ErrorDetail[]): AppError {
  const first = details[0];
  return badRequest(
    `The telemetry batch is invalid: ${first.path} ${first.message}${details.length > 1 ? ` (and ${details.length - 1} more)` : ""}. Nothing was stored.`,
    details.slice(0, 100),
  );
}

/** The body, as JSON `{events: [...]}` or NDJSON (one event a line, line i+1 being events[i]), checked whole. */
export function parseBatch(contentType: string, text: string): TelemetryEventInput[] {
  let body: unknown;
  if (contentType === NDJSON) {
    const lines = text.split("\n").map((l) => l.trim()).filter((l) => l.length > 0);
    if (lines.length > MAX_EVENTS) throw tooMany(lines.length);
    const events: unknown[] = [];
    for (const [i, line] of lines.entries()) {
      try {
        events.push(JSON.parse(line));
      } catch {
        throw invalid([{ path: `events[${i}]`, message: `is not valid JSON (non-empty line ${i + 1})` }]);
      }
    }
    body = { events };
  } else {
    if (!text.trim()) throw badRequest("The body is empty; send {\"events\": [...]}.", [{ path: "body", message: "is empty" }]);
    try {
      body = JSON.parse(text);
    } catch {
      throw badRequest("The body is not valid JSON.", [{ path: "body", message: "is not valid JSON" }]);
    }
    const events = (body as { events?: unknown } | null)?.events;
    if (Array.isArray(events) && events.length > MAX_EVENTS) throw tooMany(events.length);
  }
  const r = TelemetryBatch.safeParse(body);
  if (!r.success) throw invalid(zodDetails(r.error));
  const latest = Date.now() + MAX_FUTURE_MS;
  const future = r.data.events.flatMap((e, i) => (parseTime(e.ts).getTime() > latest ? [{ path: `events[${i}].ts`, message: "is more than 24 hours in the future" }] : []));
  if (future.length) throw invalid(future);
  return r.data.events;
}

/** (model, version) → version id, for every pair in the batch; 400 naming the first event of each unknown pair. */
async function resolveVersions(tx: Tx, events: TelemetryEventInput[]): Promise<Map<string, number>> {
  const { ids, details } = await resolveVersionIds(tx, events, "events");
  if (details.length) throw invalid(details);
  return ids;
}

/** Multi-row upserts: counts add up, min/max widen, sketch bins merge by summing the counts of equal keys. */
async function upsertRollups(tx: Tx, records: RollupRow[]) {
  for (const part of chunks(records, 2000)) {
    await rows(
      sql`insert into telemetry_rollups as r (version_id, tier, bucket, count, errors, latency_sum, latency_min, latency_max, zero_count, bin_keys, bin_counts)
        select v, tier, b, n, e, s, mn, mx, z, k, c
        from jsonb_to_recordset(${json(part)}::jsonb) as x(v int, tier text, b timestamptz, n bigint, e bigint, s float8, mn float8, mx float8, z bigint, k int[], c int8[])
        order by v, tier, b
        on conflict (version_id, tier, bucket) do update set
          count = r.count + excluded.count,
          errors = r.errors + excluded.errors,
          latency_sum = r.latency_sum + excluded.latency_sum,
          latency_min = least(r.latency_min, excluded.latency_min),
          latency_max = greatest(r.latency_max, excluded.latency_max),
          zero_count = r.zero_count + excluded.zero_count,
          (bin_keys, bin_counts) = (
            select coalesce(array_agg(m.k order by m.k), '{}'), coalesce(array_agg(m.c order by m.k), '{}')
            from (select u.k, sum(u.c)::int8 as c
                  from (select * from unnest(r.bin_keys, r.bin_counts) union all select * from unnest(excluded.bin_keys, excluded.bin_counts)) as u(k, c)
                  group by u.k) as m),
          updated_at = now()`,
      tx,
    );
  }
}

/**
 * Keep the sample bounded: per (version, hour, pool) the rows of lowest score, at most SAMPLE_QUOTA. The hour rollup
 * rows of this batch are locked already (the upsert above), so concurrent batches for the same hour take turns here
 * and the quota holds exactly.
 */
async function writeSamples(tx: Tx, events: TelemetryEventInput[], candidates: SampleCandidate[]) {
  if (!candidates.length) return;
  const hours = [...new Map(candidates.map((c) => [`${c.versionId}|${c.hour}`, { v: c.versionId, h: new Date(c.hour).toISOString() }])).values()];
  const state = await rows<{ version_id: number; hour: string | Date; pool: keyof typeof SAMPLE_QUOTA; n: number; worst: number }>(
    sql`select version_id, hour, pool, count(*)::int as n, max(score) as worst from telemetry_samples
      where (version_id, hour) in (select v, h from jsonb_to_recordset(${json(hours)}::jsonb) as x(v int, h timestamptz))
      group by version_id, hour, pool`,
    tx,
  );
  const full = new Map(state.filter((s) => s.n >= SAMPLE_QUOTA[s.pool]).map((s) => [`${s.version_id}|${new Date(s.hour).getTime()}|${s.pool}`, Number(s.worst)]));
  const keep = candidates.filter((c) => {
    const worst = full.get(`${c.versionId}|${c.hour}|${c.pool}`);
    return worst === undefined || c.score < worst;
  });
  if (!keep.length) return;
  const records = keep.map((c) => {
    const e = events[c.index];
    return {
      v: c.versionId,
      h: new Date(c.hour).toISOString(),
      pool: c.pool,
      score: c.score,
      ts: parseTime(e.ts).toISOString(),
      trace_id: e.traceId ?? null,
      status: e.status,
      latency_ms: e.latencyMs,
      features: e.features ?? null,
      prediction: e.prediction === undefined ? null : e.prediction,
      label: e.label === undefined ? null : e.label,
      loss: e.loss ?? null,
    };
  });
  for (const part of chunks(records, 2000)) {
    await rows(
      sql`insert into telemetry_samples (version_id, hour, pool, score, ts, trace_id, status, latency_ms, features, prediction, label, loss)
        select v, h, pool, score, ts, trace_id, status, latency_ms, features, prediction, label, loss
        from jsonb_to_recordset(${json(part)}::jsonb) as x(v int, h timestamptz, pool text, score float8, ts timestamptz, trace_id text, status text,
          latency_ms float8, features jsonb, prediction jsonb, label jsonb, loss float8)`,
      tx,
    );
  }
  const touched = [...new Map(keep.map((c) => [`${c.versionId}|${c.hour}`, { v: c.versionId, h: new Date(c.hour).toISOString() }])).values()];
  await rows(
    sql`delete from telemetry_samples where id in (
      select id from (
        select id, pool, row_number() over (partition by version_id, hour, pool order by score, id) as rn from telemetry_samples
        where (version_id, hour) in (select v, h from jsonb_to_recordset(${json(touched)}::jsonb) as x(v int, h timestamptz))) as ranked
      where rn > case pool when 'error' then ${SAMPLE_QUOTA.error}::int when 'loss' then ${SAMPLE_QUOTA.loss}::int else ${SAMPLE_QUOTA.uniform}::int end)`,
    tx,
  );
}

export type IngestOptions = { random?: () => number };

/**
 * API.md `POST /telemetry`: the whole batch is checked first (400 naming the event by JSON path; nothing stored), then
 * in one transaction folded into the minute, hour and day rollups, sampled, and recorded by one audit entry.
 */
export async function ingestTelemetry(actor: Actor, input: { contentType: string; text: string }, options: IngestOptions = {}): Promise<{ accepted: number }> {
  authorize(actor, "telemetry.write");
  const events = parseBatch(input.contentType, input.text);
  return transact(async (tx) => {
    const ids = await resolveVersions(tx, events);
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    let errors = 0;
    const folded: FoldEvent[] = events.map((e, index) => {
      const at = parseTime(e.ts).getTime();
      if (at < first) first = at;
      if (at > last) last = at;
      if (e.status === "error") errors++;
      return { versionId: ids.get(`${e.model}\n${e.version}`) as number, at, latencyMs: e.latencyMs, error: e.status === "error", traceId: e.traceId, loss: e.loss, index };
    });
    await upsertRollups(tx, foldRollups(folded));
    await writeSamples(tx, events, sampleCandidates(folded, options.random));
    const versionIdOf = (e: TelemetryEventInput) => ids.get(`${e.model}\n${e.version}`) as number;
    const atOf = (e: TelemetryEventInput) => parseTime(e.ts).getTime();
    await foldFeatures(tx, events, versionIdOf, atOf);
    await foldQuality(tx, events, versionIdOf, atOf);
    const versions = [...new Set(events.map((e) => `${e.model}/${e.version}`))].sort();
    await appendAudit(tx, actor, "telemetry.ingested", { type: "telemetry", id: versions[0] }, null, {
      events: events.length,
      errors,
      versions: versions.slice(0, 100),
      from: new Date(first).toISOString(),
      to: new Date(last).toISOString(),
    });
    return { accepted: events.length };
  });
}
