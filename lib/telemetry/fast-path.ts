// A hand-written check of a telemetry batch for the common case, a well-formed one: it accepts only what the zod
// schema (schemas.ts TelemetryBatch) accepts, and returns each event's time as it goes. On anything it does not
// accept it returns null and the caller runs zod, whose issues make the 400's details; so the errors are zod's, and
// this only saves zod's cost (about 6 µs an event) on batches that pass. fast-path.test.ts holds the two in step.
import { MAX_EVENTS } from "./limits";
import { RFC3339 } from "./schemas";

const MODEL = /^[a-z0-9][a-z0-9._-]{0,127}$/;
const VERSION = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/;
const ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;
const FIELDS = new Set(["model", "version", "ts", "latencyMs", "status", "traceId", "features", "prediction", "label", "loss"]);

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
const finite = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);
const shortString = (x: unknown, max: number) => typeof x === "string" && x.length <= max;

/** lib/time.ts parseTime, in milliseconds. */
export function timeOf(s: string): number {
  const fast = isoUtc(s);
  if (fast !== null) return fast;
  return new Date(ZONE.test(s) ? s : s.includes("T") ? `${s}Z` : `${s}T00:00:00Z`).getTime();
}

const digit = (s: string, i: number) => s.charCodeAt(i) - 48;
const two = (s: string, i: number) => {
  const a = digit(s, i);
  const b = digit(s, i + 1);
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
};

/**
 * The common form, as toISOString() writes it ("2026-11-20T10:00:00Z" or with .s to .sss before the Z), read without a
 * regular expression; null for anything else (and for days past the 28th, where the calendar decides), which the
 * general path then reads. Equal to `new Date(s).getTime()` wherever it answers.
 */
function isoUtc(s: string): number | null {
  const n = s.length;
  if (
    n < 20 ||
    n > 24 ||
    s.charCodeAt(n - 1) !== 90 /* Z */ ||
    s.charCodeAt(4) !== 45 ||
    s.charCodeAt(7) !== 45 ||
    s.charCodeAt(10) !== 84 /* T */
  )
    return null;
  if (s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return null;
  const hi = two(s, 0);
  const lo = two(s, 2);
  const mo = two(s, 5);
  const d = two(s, 8);
  const h = two(s, 11);
  const mi = two(s, 14);
  const se = two(s, 17);
  if (hi < 1 || lo < 0 || mo < 1 || mo > 12 || d < 1 || d > 28 || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 59) return null;
  let ms = 0;
  if (n > 20) {
    if (s.charCodeAt(19) !== 46 /* . */ || n === 21) return null;
    for (let i = 20, scale = 100; i < n - 1; i++, scale /= 10) {
      const x = digit(s, i);
      if (x < 0 || x > 9) return null;
      ms += x * scale;
    }
  }
  return Date.UTC(hi * 100 + lo, mo - 1, d, h, mi, se, ms);
}

function features(f: unknown): boolean {
  if (!isObject(f)) return false;
  let n = 0;
  for (const k in f) {
    if (++n > 500 || k.length < 1 || k.length > 200) return false;
    const v = f[k];
    if (!(v === null || finite(v) || shortString(v, 1000))) return false;
  }
  return true;
}

/** schemas.ts Output: a scalar, an array of numbers and strings, or a record of numbers. */
function output(x: unknown): boolean {
  if (x === null || typeof x === "boolean" || finite(x) || shortString(x, 1000)) return true;
  if (Array.isArray(x)) return x.length <= 1000 && x.every((y) => finite(y) || shortString(y, 1000));
  if (!isObject(x)) return false;
  for (const k in x) if (k.length > 200 || !finite(x[k])) return false;
  return true;
}

/** A distinct (model, version) of a batch, with the index of its first event (error details name that event). */
export type Pair = { model: string; version: string; first: number };

/** A batch as the ingest uses it: each event's time (ms) and the index of its (model, version) in `pairs`. */
export type Scanned = { at: Float64Array; pair: Int32Array; pairs: Pair[] };

/** `pair` and `pairs` for events already checked (the zod path). */
export function pairsOf(events: { model: string; version: string }[]): { pair: Int32Array; pairs: Pair[] } {
  const pair = new Int32Array(events.length);
  const pairs: Pair[] = [];
  const byModel = new Map<string, Map<string, number>>();
  for (let i = 0; i < events.length; i++) {
    const { model, version } = events[i];
    let versions = byModel.get(model);
    if (!versions) {
      versions = new Map();
      byModel.set(model, versions);
    }
    let p = versions.get(version);
    if (p === undefined) {
      p = pairs.length;
      versions.set(version, p);
      pairs.push({ model, version, first: i });
    }
    pair[i] = p;
  }
  return { pair, pairs };
}

/**
 * The times (ms) and (model, version) pairs of the batch's events when every event is well-formed and none is after
 * `latest`; null when zod must judge (an invalid batch, or something this check does not take on). Names are checked
 * once per distinct pair, and the previous event's pair is tried first (batches come sorted or from few versions).
 */
export function readFastPath(body: unknown, latest: number): Scanned | null {
  if (!isObject(body)) return null;
  for (const k in body) if (k !== "events") return null;
  const events = body.events;
  if (!Array.isArray(events) || events.length < 1 || events.length > MAX_EVENTS) return null;
  const at = new Float64Array(events.length);
  const pair = new Int32Array(events.length);
  const pairs: Pair[] = [];
  const byModel = new Map<string, Map<string, number>>();
  let lastModel = "";
  let lastVersion = "";
  let lastPair = -1;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (!isObject(e)) return null;
    for (const k in e) if (!FIELDS.has(k)) return null;
    const { model, version, ts, latencyMs, status, traceId, loss } = e;
    if (typeof model !== "string" || typeof version !== "string") return null;
    if (lastPair >= 0 && model === lastModel && version === lastVersion) pair[i] = lastPair;
    else {
      let versions = byModel.get(model);
      if (!versions) {
        if (!MODEL.test(model)) return null;
        versions = new Map();
        byModel.set(model, versions);
      }
      let p = versions.get(version);
      if (p === undefined) {
        if (!VERSION.test(version)) return null;
        p = pairs.length;
        versions.set(version, p);
        pairs.push({ model, version, first: i });
      }
      pair[i] = lastPair = p;
      lastModel = model;
      lastVersion = version;
    }
    if (typeof ts !== "string") return null;
    let t = isoUtc(ts);
    if (t === null) {
      if (!RFC3339.test(ts)) return null;
      t = timeOf(ts);
    }
    if (Number.isNaN(t) || t > latest) return null;
    at[i] = t;
    if (!finite(latencyMs)) return null;
    if (status !== "ok" && status !== "error") return null;
    if (traceId !== undefined && (typeof traceId !== "string" || traceId.length < 1 || traceId.length > 200)) return null;
    if (loss !== undefined && !finite(loss)) return null;
    if (e.features !== undefined && !features(e.features)) return null;
    if (e.prediction !== undefined && !output(e.prediction)) return null;
    if (e.label !== undefined && !output(e.label)) return null;
  }
  return { at, pair, pairs };
}
