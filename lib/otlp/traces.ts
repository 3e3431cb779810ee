import "server-only";
import { sql } from "drizzle-orm";
import { rows } from "@/db/client";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/policy";
import { AppError, badRequest, type ErrorDetail } from "../errors";
import { countSpans } from "../metrics/portal";
import { ingestTelemetry } from "../telemetry/ingest";
import type { TelemetryEventInput } from "../telemetry/schemas";

/**
 * OTLP/HTTP traces with the JSON encoding of ExportTraceServiceRequest (opentelemetry-proto docs/specification.md):
 * resourceSpans[].scopeSpans[].spans[], attributes as [{key, value: AnyValue}], 64-bit nanosecond times as decimal
 * strings (numbers accepted too), traceId as hex. A span naming a model (ml.model.name and ml.model.version, or the
 * GenAI conventions' gen_ai.request.model, read as the model of that name in production) becomes a telemetry event
 * through the telemetry ingest; other spans are counted and ignored; a span naming an unknown model is rejected and
 * counted in the partial success.
 */

export const MODEL_NAME = "ml.model.name";
export const MODEL_VERSION = "ml.model.version";
export const GENAI_MODEL = "gen_ai.request.model";
/** status.code of a failed span (STATUS_CODE_ERROR). */
const STATUS_ERROR = 2;
const HEX = /^[0-9a-f]{32}$/i;
const DIGITS = /^\d{1,20}$/;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** `field` must be an array when present: the list, or [] when absent (proto3: an absent repeated field is empty). */
function list(o: Obj, field: string, at: string): unknown[] {
  const v = Object.hasOwn(o, field) ? o[field] : undefined;
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw invalid(`${at}${field}`, "must be an array");
  return v;
}

function invalid(path: string, message: string): AppError {
  return badRequest(`The trace export is invalid: ${path} ${message}. Nothing was stored.`, [{ path, message }]);
}

/** An optional field of a known type: absent or null is the default (proto3); another type is a 400 naming it. */
function optional(o: Obj, field: string, at: string, type: "string" | "integer" | "boolean" | "number" | "object"): void {
  const v = Object.hasOwn(o, field) ? o[field] : undefined;
  if (v === undefined || v === null) return;
  const ok = type === "integer" ? Number.isInteger(v) : type === "object" ? isObj(v) : typeof v === type;
  if (!ok) throw invalid(`${at}.${field}`, `must be ${type === "integer" ? "an integer" : type === "object" ? "an object" : `a ${type}`}`);
}

/** KeyValue[]: each {key: string, value: AnyValue}, the value's known fields of their types. */
function checkAttributes(attrs: unknown[], at: string): void {
  attrs.forEach((a, i) => {
    if (!isObj(a)) throw invalid(`${at}[${i}]`, "must be an object {key, value}");
    if (typeof a.key !== "string") throw invalid(`${at}[${i}].key`, "must be a string");
    optional(a, "value", `${at}[${i}]`, "object");
    const v = isObj(a.value) ? a.value : {};
    const vAt = `${at}[${i}].value`;
    optional(v, "stringValue", vAt, "string");
    optional(v, "boolValue", vAt, "boolean");
    optional(v, "doubleValue", vAt, "number");
    optional(v, "bytesValue", vAt, "string");
    optional(v, "arrayValue", vAt, "object");
    optional(v, "kvlistValue", vAt, "object");
    if (v.intValue !== undefined && v.intValue !== null && !(typeof v.intValue === "string" || Number.isInteger(v.intValue)))
      throw invalid(`${vAt}.intValue`, "must be an integer or its decimal string");
  });
}

/** The string value of the attribute `key` (AnyValue.stringValue), or undefined. */
function stringAttr(attrs: unknown[], key: string, at: string): string | undefined {
  for (let i = 0; i < attrs.length; i++) {
    const a = attrs[i] as Obj;
    if (a.key !== key) continue;
    const v = a.value;
    if (!isObj(v) || typeof v.stringValue !== "string")
      throw invalid(`${at}[${i}].value.stringValue`, `must be a string (the ${key} attribute)`);
    return v.stringValue;
  }
  return undefined;
}

/**
 * A fixed64 nanosecond time: a decimal string (proto3's JSON mapping; exact), or a JSON number, which the mapping also
 * accepts (a double: today's times to the nearest 256 ns).
 */
function nanos(v: unknown, path: string): bigint {
  if (typeof v === "string" && DIGITS.test(v)) return BigInt(v);
  if (typeof v === "number" && Number.isInteger(v) && v >= 0) return BigInt(v);
  throw invalid(path, "must be nanoseconds since the Unix epoch as a decimal string");
}

type ModelSpan = {
  path: string;
  model: string;
  version: string | null;
  startNs: bigint;
  endNs: bigint;
  error: boolean;
  traceId: string | null;
};

/** The spans that name a model, and how many do not. Throws 400 naming the first malformed field. */
export function modelSpans(body: unknown): { spans: ModelSpan[]; total: number } {
  if (!isObj(body)) throw invalid("body", "must be an ExportTraceServiceRequest object");
  const spans: ModelSpan[] = [];
  let total = 0;
  const all = list(body, "resourceSpans", "");
  // An export with nothing in it is no export (exporters never send one): refused rather than answered as a success.
  if (!all.length) throw invalid("resourceSpans", "must hold at least one ResourceSpans");
  all.forEach((rs, r) => {
    const rAt = `resourceSpans[${r}]`;
    if (!isObj(rs)) throw invalid(rAt, "must be an object");
    optional(rs, "resource", rAt, "object");
    optional(rs, "schemaUrl", rAt, "string");
    const resource = isObj(rs.resource) ? rs.resource : {};
    const resAttrs = list(resource, "attributes", `${rAt}.resource.`);
    checkAttributes(resAttrs, `${rAt}.resource.attributes`);
    list(rs, "scopeSpans", `${rAt}.`).forEach((ss, s) => {
      const sAt = `${rAt}.scopeSpans[${s}]`;
      if (!isObj(ss)) throw invalid(sAt, "must be an object");
      optional(ss, "scope", sAt, "object");
      optional(ss, "schemaUrl", sAt, "string");
      if (isObj(ss.scope)) {
        optional(ss.scope, "name", `${sAt}.scope`, "string");
        optional(ss.scope, "version", `${sAt}.scope`, "string");
        checkAttributes(list(ss.scope, "attributes", `${sAt}.scope.`), `${sAt}.scope.attributes`);
      }
      list(ss, "spans", `${sAt}.`).forEach((span, i) => {
        const at = `${sAt}.spans[${i}]`;
        if (!isObj(span)) throw invalid(at, "must be an object");
        total++;
        for (const f of ["traceId", "spanId", "parentSpanId", "traceState", "name"]) optional(span, f, at, "string");
        for (const f of ["kind", "flags", "droppedAttributesCount", "droppedEventsCount", "droppedLinksCount"])
          optional(span, f, at, "integer");
        optional(span, "status", at, "object");
        for (const f of ["startTimeUnixNano", "endTimeUnixNano"])
          if (span[f] !== undefined && span[f] !== null) nanos(span[f], `${at}.${f}`);
        list(span, "events", `${at}.`);
        list(span, "links", `${at}.`);
        const attrs = list(span, "attributes", `${at}.`);
        checkAttributes(attrs, `${at}.attributes`);
        // The span's own attributes first, then its resource's (a serving process may name its model once).
        const own = (key: string) => stringAttr(attrs, key, `${at}.attributes`);
        const res = (key: string) => stringAttr(resAttrs, key, `${rAt}.resource.attributes`);
        const name = own(MODEL_NAME) ?? res(MODEL_NAME) ?? own(GENAI_MODEL) ?? res(GENAI_MODEL);
        if (name === undefined) return;
        const version = own(MODEL_VERSION) ?? res(MODEL_VERSION) ?? null;
        const startNs = nanos(span.startTimeUnixNano, `${at}.startTimeUnixNano`);
        const endNs = nanos(span.endTimeUnixNano, `${at}.endTimeUnixNano`);
        if (endNs < startNs) throw invalid(`${at}.endTimeUnixNano`, "must not be before startTimeUnixNano");
        const status = isObj(span.status) ? span.status : {};
        optional(status, "message", `${at}.status`, "string");
        const code = status.code ?? 0;
        if (code !== 0 && code !== 1 && code !== 2)
          throw invalid(`${at}.status.code`, "must be 0 (unset), 1 (ok) or 2 (error), as an integer");
        let traceId: string | null = null;
        if (span.traceId !== undefined && span.traceId !== null && span.traceId !== "") {
          if (typeof span.traceId !== "string" || !HEX.test(span.traceId))
            throw invalid(`${at}.traceId`, "must be 16 bytes as 32 hex digits");
          traceId = span.traceId.toLowerCase();
        }
        spans.push({ path: at, model: name, version, startNs, endNs, error: code === STATUS_ERROR, traceId });
      });
    });
  });
  return { spans, total };
}

/** Nanoseconds since the epoch → an RFC 3339 time (to the millisecond). */
const isoOf = (ns: bigint) => new Date(Number(ns / 1_000_000n)).toISOString();

export type ExportResult = { partialSuccess?: { rejectedSpans: string; errorMessage: string } };

/**
 * `POST /v1/traces`. 200 with `{}` when every span naming a model was stored (other spans are ignored), or with
 * `partialSuccess` counting the spans that named an unknown model, or one without a version and no production
 * version (int64 as a decimal string, as proto3's JSON mapping writes it).
 */
export async function exportTraces(actor: Actor, text: string): Promise<ExportResult> {
  authorize(actor, "telemetry.write");
  let body: unknown;
  if (!text.trim()) throw invalid("body", "is empty");
  try {
    body = JSON.parse(text);
  } catch {
    throw invalid("body", "is not valid JSON");
  }
  const { spans, total } = modelSpans(body);
  const names = [...new Set(spans.map((s) => s.model))];
  const known = names.length
    ? await rows<{ model: string; version: string; stage: string }>(
        sql`select m.name as model, v.version, v.stage from models m join model_versions v on v.model_id = m.id
          where m.name in (select jsonb_array_elements_text(${JSON.stringify(names)}::jsonb))`,
      )
    : [];
  const versions = new Map<string, Set<string>>();
  const production = new Map<string, string>();
  for (const k of known) {
    versions.set(k.model, (versions.get(k.model) ?? new Set()).add(k.version));
    if (k.stage === "production") production.set(k.model, k.version);
  }
  const events: TelemetryEventInput[] = [];
  const from: string[] = [];
  const rejected = new Map<string, number>();
  for (const s of spans) {
    const version = s.version ?? production.get(s.model);
    const reason = !versions.has(s.model)
      ? `model ${s.model} is not registered`
      : version === undefined
        ? `model ${s.model} has no production version (name one with ${MODEL_VERSION})`
        : versions.get(s.model)?.has(version)
          ? null
          : `model ${s.model} has no version ${version}`;
    if (reason) {
      rejected.set(reason, (rejected.get(reason) ?? 0) + 1);
      continue;
    }
    events.push({
      model: s.model,
      version: version as string,
      ts: isoOf(s.startNs),
      latencyMs: Number(s.endNs - s.startNs) / 1e6,
      status: s.error ? "error" : "ok",
      ...(s.traceId ? { traceId: s.traceId } : {}),
    });
    from.push(s.path);
  }
  if (events.length) {
    try {
      await ingestTelemetry(actor, { contentType: "application/json", text: JSON.stringify({ events }) }, { source: "otlp" });
    } catch (e) {
      // The ingest names events[i]; the sender knows its spans by their place in the request.
      if (e instanceof AppError && e.status === 400) throw remap(e, from);
      throw e;
    }
  }
  const nRejected = [...rejected.values()].reduce((a, b) => a + b, 0);
  countSpans({ accepted: events.length, rejected: nRejected, ignored: total - spans.length });
  if (!nRejected) return {};
  const errorMessage = [...rejected.entries()].map(([why, n]) => `${n} span${n === 1 ? "" : "s"}: ${why}`).join("; ");
  return { partialSuccess: { rejectedSpans: String(nRejected), errorMessage } };
}

function remap(e: AppError, from: string[]): AppError {
  const details: ErrorDetail[] = e.details.map((d) => {
    const open = d.path.indexOf("[");
    const close = d.path.indexOf("]");
    if (!d.path.startsWith("events[") || close < 0) return d;
    const i = Number(d.path.slice(open + 1, close));
    const rest = d.path.slice(close + 1);
    const field = rest === ".ts" ? ".startTimeUnixNano" : rest === ".latencyMs" ? ".endTimeUnixNano" : rest;
    return { path: `${from[i] ?? d.path.slice(0, close + 1)}${field}`, message: d.message };
  });
  const first = details[0];
  return badRequest(`The trace export is invalid: ${first ? `${first.path} ${first.message}` : e.message}. Nothing was stored.`, details);
}

/** gRPC status codes for the google.rpc.Status an OTLP/HTTP error body carries. */
const GRPC: Record<number, number> = { 400: 3, 401: 16, 403: 7, 404: 5, 409: 10, 413: 8, 415: 3, 429: 8, 500: 13, 503: 14 };

/**
 * An error answer in OTLP's shape: a google.rpc.Status (code, message, details with a BadRequest's field violations),
 * keeping the portal's own `error` object beside it for clients of the rest of the API.
 */
export async function toOtlpError(res: Response): Promise<Response> {
  if (res.status < 400) return res;
  const text = await res.text();
  let error: { code?: string; message?: string; details?: ErrorDetail[] } = {};
  try {
    error = (JSON.parse(text) as { error?: typeof error }).error ?? {};
  } catch {
    /* not ours: keep the status, say it in words */
  }
  const violations = (error.details ?? []).map((d) => ({ field: d.path, description: d.message }));
  const body = {
    code: GRPC[res.status] ?? 2,
    message: error.message ?? `HTTP ${res.status}`,
    details: violations.length ? [{ "@type": "type.googleapis.com/google.rpc.BadRequest", fieldViolations: violations }] : [],
    error,
  };
  const headers = new Headers(res.headers);
  headers.set("content-type", "application/json");
  headers.delete("content-length");
  return new Response(JSON.stringify(body), { status: res.status, headers });
}
