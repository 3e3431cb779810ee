import "server-only";
import { sql } from "drizzle-orm";
import { rows, storeCache, type Tx, transact } from "@/db/client";
import type { PendingMinute, PendingSampleTuple } from "@/db/schema";
import { zodDetails } from "../api/validate";
import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/policy";
import { foldFeatures } from "../drift/ingest";
import { AppError, badRequest, type ErrorDetail } from "../errors";
import { resolvePairs } from "../inventory/resolve";
import { countIngest } from "../metrics/portal";
import { foldQuality } from "../quality/ingest";
import { parseTime } from "../time";
import { type Pair, pairsOf, readFastPath, type Scanned } from "./fast-path";
import { foldBatch, type RollupRow, type SampleCandidate } from "./fold";
import { MAX_EVENTS, MAX_FUTURE_MS, SAMPLE_QUOTA, SAMPLE_THRESHOLD_MS } from "./limits";
import { TelemetryBatch, type TelemetryEventInput } from "./schemas";

export const NDJSON = "application/x-ndjson";
const json = (v: unknown) => JSON.stringify(v);

const tooMany = (n: number) =>
  new AppError(
    "payload_too_large",
    413,
    `Send at most ${MAX_EVENTS.toLocaleString("en")} events a request; this one has ${n.toLocaleString("en")}.`,
  );

function invalid(details: ErrorDetail[]): AppError {
  const first = details[0];
  return badRequest(
    `The telemetry batch is invalid: ${first.path} ${first.message}${details.length > 1 ? ` (and ${details.length - 1} more)` : ""}. Nothing was stored.`,
    details.slice(0, 100),
  );
}

/** The body, as JSON `{events: [...]}` or NDJSON (one event a line, line i+1 being events[i]), checked whole. */
export function parseBatch(contentType: string, text: string): TelemetryEventInput[] {
  return checkBatch(contentType, text).events;
}

/** parseBatch, with each event's time in ms and its (model, version) pair. */
function checkBatch(contentType: string, text: string): { events: TelemetryEventInput[] } & Scanned {
  let body: unknown;
  if (contentType === NDJSON) {
    // Line by line with indexOf, not split: ten million blank lines (a 10 MB body) make no array of ten million strings.
    const eachLine = (f: (line: string) => void) => {
      for (let start = 0; start < text.length; ) {
        let nl = text.indexOf("\n", start);
        if (nl === -1) nl = text.length;
        if (nl > start) {
          const line = text.slice(start, nl).trim();
          if (line.length > 0) f(line);
        }
        start = nl + 1;
      }
    };
    let count = 0;
    eachLine(() => count++);
    if (count > MAX_EVENTS) throw tooMany(count);
    const events: unknown[] = [];
    eachLine((line) => {
      const i = events.length;
      try {
        events.push(JSON.parse(line));
      } catch {
        throw invalid([{ path: `events[${i}]`, message: `is not valid JSON (non-empty line ${i + 1})` }]);
      }
    });
    body = { events };
  } else {
    if (!text.trim()) throw badRequest('The body is empty; send {"events": [...]}.', [{ path: "body", message: "is empty" }]);
    try {
      body = JSON.parse(text);
    } catch {
      throw badRequest("The body is not valid JSON.", [{ path: "body", message: "is not valid JSON" }]);
    }
    const events = (body as { events?: unknown } | null)?.events;
    if (Array.isArray(events) && events.length > MAX_EVENTS) throw tooMany(events.length);
  }
  const latest = Date.now() + MAX_FUTURE_MS;
  // The common case, a well-formed batch, without zod; anything else goes to zod, whose issues name the fields.
  const fast = readFastPath(body, latest);
  if (fast) return { events: (body as { events: TelemetryEventInput[] }).events, ...fast };
  const r = TelemetryBatch.safeParse(body);
  if (!r.success) throw invalid(zodDetails(r.error));
  const at = Float64Array.from(r.data.events, (e) => parseTime(e.ts).getTime());
  const future = r.data.events.flatMap((_, i) =>
    at[i] > latest ? [{ path: `events[${i}].ts`, message: "is more than 24 hours in the future" }] : [],
  );
  if (future.length) throw invalid(future);
  return { events: r.data.events, at, ...pairsOf(r.data.events) };
}

/**
 * Appends the batch, folded into minutes per version, with its sample candidates, to telemetry_pending as one row:
 * insert-only, so concurrent batches never wait on each other's rows; the compactor (compact.ts) folds it into the
 * tiers.
 */
async function appendPending(tx: Tx, minutes: RollupRow[], samples: PendingSampleTuple[]) {
  if (!minutes.length) return;
  let first = minutes[0].b;
  let last = minutes[0].b;
  const versions = new Set<number>();
  const list: PendingMinute[] = minutes.map((r) => {
    if (r.b < first) first = r.b;
    if (r.b > last) last = r.b;
    versions.add(r.v);
    return { v: r.v, b: r.b, n: r.n, e: r.e, s: r.s, mn: r.mn, mx: r.mx, z: r.z, k: r.k, c: r.c };
  });
  await rows(
    sql`insert into telemetry_pending (first_minute, last_minute, version_ids, minutes, samples)
      values (${first}::timestamptz, ${last}::timestamptz, ${`{${[...versions].join(",")}}`}::int[], ${json(list)}, ${samples.length ? json(samples) : null})`,
    tx,
  );
}

/**
 * Per (version, hour, pool): the lowest scores stored, up to the pool's quota; once the pool is full, a candidate
 * scoring its quota-th lowest or more can never be in the pool's bottom-k, so it is not sent. Each process keeps
 * these lists for SAMPLE_THRESHOLD_MS, adding the candidates it sent itself, then asks the store again. A list missing
 * what other processes sent only lets more candidates through (the compactor keeps the lowest either way): the
 * pool's threshold only ever falls.
 */
type Pool = keyof typeof SAMPLE_QUOTA;
const poolKey = (v: number, h: number, pool: string) => `${v}|${h}|${pool}`;

const lowestCache = () => storeCache<string, { scores: number[]; at: number }>("telemetry-sample-lowest");

async function sampleLowest(tx: Tx, keys: { v: number; h: number; pool: Pool }[]): Promise<Map<string, number[]>> {
  const lowest = lowestCache();
  const now = Date.now();
  const out = new Map<string, number[]>();
  const ask: { i: number; v: number; h: string; pool: string; q: number; key: string }[] = [];
  for (const k of keys) {
    const id = poolKey(k.v, k.h, k.pool);
    const known = lowest.get(id);
    if (known && now - known.at < SAMPLE_THRESHOLD_MS) out.set(id, known.scores);
    else ask.push({ i: ask.length, v: k.v, h: new Date(k.h).toISOString(), pool: k.pool, q: SAMPLE_QUOTA[k.pool], key: id });
  }
  if (ask.length) {
    const found = await rows<{ i: number; scores: number[] }>(
      sql`select x.i, array(select s.score from telemetry_samples s where s.version_id = x.v and s.hour = x.h and s.pool = x.pool order by s.score limit x.q) as scores
        from jsonb_to_recordset(${json(ask.map(({ key, ...a }) => a))}::jsonb) as x(i int, v int, h timestamptz, pool text, q int)`,
      tx,
    );
    if (lowest.size > 50_000) lowest.clear();
    for (const f of found) {
      const a = ask[Number(f.i)];
      const scores = (f.scores ?? []).map(Number);
      lowest.set(a.key, { scores, at: now });
      out.set(a.key, scores);
    }
  }
  return out;
}

/**
 * The sample rows of the candidates that can still make their pool (per version, hour and pool, the rows of lowest
 * score, at most SAMPLE_QUOTA): they ride in the pending row, and the compactor, the only writer of telemetry_samples,
 * keeps the winners. Nothing here writes a row per event.
 */
function pendingSamples(events: TelemetryEventInput[], at: Float64Array, candidates: SampleCandidate[]): PendingSampleTuple[] {
  return candidates.map((c): PendingSampleTuple => {
    const e = events[c.index];
    return [
      c.versionId,
      c.pool === "error" ? 0 : c.pool === "loss" ? 1 : 2,
      c.score,
      at[c.index],
      e.traceId ?? null,
      e.status === "error" ? 1 : 0,
      e.latencyMs,
      e.features ?? null,
      e.prediction === undefined ? null : e.prediction,
      e.label === undefined ? null : e.label,
      e.loss ?? null,
    ];
  });
}

/** A pool's bound: a candidate scoring this or more cannot make the pool (its quota-th lowest score, once full). */
const boundOf = (scores: number[] | undefined, pool: Pool) =>
  scores && scores.length >= SAMPLE_QUOTA[pool] ? scores[SAMPLE_QUOTA[pool] - 1] : Number.POSITIVE_INFINITY;

/**
 * After a commit: the candidates this process sent lower its own thresholds at once (lists kept sorted, at most the
 * quota long). A pool ends as the bottom-k of every candidate ever sent, so k known candidates bound it either way.
 */
function remember(written: SampleCandidate[]) {
  const lowest = lowestCache();
  const added = new Map<string, number[]>();
  for (const c of written) {
    const id = poolKey(c.versionId, c.hour, c.pool);
    const list = added.get(id);
    if (list) list.push(c.score);
    else added.set(id, [c.score]);
  }
  for (const [id, scores] of added) {
    const entry = lowest.get(id);
    if (!entry) continue;
    const pool = id.slice(id.lastIndexOf("|") + 1) as Pool;
    entry.scores = [...entry.scores, ...scores].sort((x, y) => x - y).slice(0, SAMPLE_QUOTA[pool]);
  }
}

/**
 * The version id of each pair: from this process's cache (a model's name and a version's name never change and are
 * never deleted, so an id once found stays right), the rest in one query; 400 naming the first event of each unknown
 * pair (never cached, so a version registered a moment later is found).
 */
async function versionsOf(tx: Tx, pairs: Pair[]): Promise<Int32Array> {
  const cache = storeCache<string, number>("telemetry-version-ids");
  const ids = new Int32Array(pairs.length);
  const missing: Pair[] = [];
  const at: number[] = [];
  pairs.forEach((p, i) => {
    const id = cache.get(`${p.model}\n${p.version}`);
    if (id === undefined) {
      missing.push(p);
      at.push(i);
    } else ids[i] = id;
  });
  if (!missing.length) return ids;
  const found = await resolvePairs(tx, missing, "events");
  if (found.details.length) throw invalid(found.details);
  if (cache.size > 100_000) cache.clear();
  missing.forEach((p, j) => {
    ids[at[j]] = found.ids[j];
    cache.set(`${p.model}\n${p.version}`, found.ids[j]);
  });
  return ids;
}

export type IngestOptions = {
  random?: () => number /** what the portal's ingest counters name the batch by */;
  source?: "telemetry" | "otlp";
};

/**
 * API.md `POST /telemetry`: the whole batch is checked first (400 naming the event by JSON path; nothing stored), then
 * in one transaction folded into minutes per version, appended with the sample candidates to telemetry_pending as
 * one row, and recorded by one audit entry.
 * The 202 comes after the commit; every read sees the events at once (reads take the pending rows with the tiers).
 */
export async function ingestTelemetry(
  actor: Actor,
  input: { contentType: string; text: string },
  options: IngestOptions = {},
): Promise<{ accepted: number }> {
  authorize(actor, "telemetry.write");
  const { events, at, pair, pairs } = checkBatch(input.contentType, input.text);
  // The per-event work (minutes, sketches, sample candidates) is done here, before the transaction, by pair; the pairs
  // get their version ids inside it.
  const folded = foldBatch(events, at, pair, options.random);
  let written: SampleCandidate[] = [];
  const result = await transact(async (tx) => {
    const versionOfPair = await versionsOf(tx, pairs);
    const known = await sampleLowest(tx, folded.pools(versionOfPair));
    const { minutes, candidates } = folded.resolve(versionOfPair, (v, h, pool) => boundOf(known.get(poolKey(v, h, pool)), pool));
    await appendPending(tx, minutes, pendingSamples(events, at, candidates));
    written = candidates;
    // Features into the drift windows of versions with a reference profile; predictions and labels into quality.
    const version = new Int32Array(events.length);
    for (let i = 0; i < events.length; i++) version[i] = versionOfPair[pair[i]];
    await foldFeatures(tx, events, version, at, [...new Set(versionOfPair)]);
    await foldQuality(tx, events, version, at);
    const versions = [...new Set(pairs.map((p) => `${p.model}/${p.version}`))].sort();
    await appendAudit(tx, actor, "telemetry.ingested", { type: "telemetry", id: versions[0] }, null, {
      events: events.length,
      errors: folded.errors,
      versions: versions.slice(0, 100),
      from: new Date(folded.first).toISOString(),
      to: new Date(folded.last).toISOString(),
    });
    return { accepted: events.length };
  });
  remember(written);
  countIngest(options.source ?? "telemetry", events.length, folded.errors);
  return result;
}
