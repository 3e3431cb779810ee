// The portal's own health, counted in this process by prom-client (its own Registry, never the global one): HTTP
// request duration by route (route() in lib/api/handler.ts) and ingest counters. Kept on globalThis so hot reload and
// Next's several module graphs share one set.
import { Counter, Gauge, Histogram, Registry } from "prom-client";

type Portal = {
  registry: Registry;
  http: Histogram<"method" | "route" | "status">;
  ingestedEvents: Counter<"source">;
  ingestedErrors: Counter<"source">;
  ingestBatches: Counter<"source">;
  otlpSpans: Counter<"outcome">;
  workerRuns: Gauge<"worker">;
};

/** The background workers whose last completed pass is exported (alert on `time() - steward_worker_last_run_timestamp_seconds`). */
export type Worker = "alert_evaluator" | "telemetry_compactor" | "webhook_sender" | "checkpoint_publisher" | "retention";

/** Record that a worker finished a pass in this process (its lag is the time since). */
export function workerRan(worker: Worker, at = Date.now()): void {
  portalMetrics().workerRuns.set({ worker }, at / 1000);
}

const G = globalThis as unknown as { __stewardPortalMetrics?: Portal };

export function portalMetrics(): Portal {
  if (G.__stewardPortalMetrics) return G.__stewardPortalMetrics;
  const registry = new Registry();
  const portal: Portal = {
    registry,
    http: new Histogram({
      name: "steward_http_request_duration_seconds",
      help: "API requests by method, route pattern (e.g. /api/v1/models/[name]) and status, in seconds",
      labelNames: ["method", "route", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    ingestedEvents: new Counter({
      name: "steward_ingested_events_total",
      help: "Telemetry events accepted by this process, by source (telemetry: POST /api/v1/telemetry; otlp: POST /v1/traces)",
      labelNames: ["source"],
      registers: [registry],
    }),
    ingestedErrors: new Counter({
      name: "steward_ingested_error_events_total",
      help: "Of the accepted telemetry events, those with status error, by source",
      labelNames: ["source"],
      registers: [registry],
    }),
    ingestBatches: new Counter({
      name: "steward_ingest_batches_total",
      help: "Telemetry batches accepted by this process, by source",
      labelNames: ["source"],
      registers: [registry],
    }),
    otlpSpans: new Counter({
      name: "steward_otlp_spans_total",
      help: "Spans received on POST /v1/traces: accepted (became telemetry), rejected (named an unknown model or version), ignored (named no model)",
      labelNames: ["outcome"],
      registers: [registry],
    }),
    workerRuns: new Gauge({
      name: "steward_worker_last_run_timestamp_seconds",
      help: "When each background worker of this process last finished a pass, in Unix seconds (its lag: time() minus this)",
      labelNames: ["worker"],
      registers: [registry],
    }),
  };
  G.__stewardPortalMetrics = portal;
  return portal;
}

/**
 * The route pattern of a request: each path segment that is one of the route's parameters becomes `[name]`
 * (`[...name]` for a catch-all), so a label never holds a model name and the series stay as few as the routes.
 */
export function routePattern(pathname: string, params: unknown): string {
  if (!params || typeof params !== "object") return pathname;
  const values = new Map<string, string>();
  for (const [k, v] of Object.entries(params as Record<string, unknown>)) {
    if (typeof v === "string" && !values.has(v)) values.set(v, `[${k}]`);
    if (Array.isArray(v)) for (const x of v) if (typeof x === "string" && !values.has(x)) values.set(x, `[...${k}]`);
  }
  if (!values.size) return pathname;
  const out: string[] = [];
  for (const seg of pathname.split("/")) {
    let decoded = seg;
    try {
      decoded = decodeURIComponent(seg);
    } catch {
      /* kept as sent */
    }
    const name = values.get(decoded);
    // A catch-all's segments collapse into one `[...name]`.
    if (name?.startsWith("[...") && out[out.length - 1] === name) continue;
    out.push(name ?? seg);
  }
  return out.join("/");
}

/** One API request, as route() answered it. Never throws: metrics must not fail a request. */
export function observeRequest(method: string, route: string, status: number, seconds: number): void {
  try {
    portalMetrics().http.observe({ method, route, status: String(status) }, seconds);
  } catch {
    /* never fail a request over a metric */
  }
}

/** A committed telemetry batch. */
export function countIngest(source: "telemetry" | "otlp", events: number, errors: number): void {
  const p = portalMetrics();
  p.ingestBatches.inc({ source });
  p.ingestedEvents.inc({ source }, events);
  p.ingestedErrors.inc({ source }, errors);
}

/** The spans of one OTLP export, by outcome. */
export function countSpans(n: { accepted: number; rejected: number; ignored: number }): void {
  const p = portalMetrics();
  for (const outcome of ["accepted", "rejected", "ignored"] as const) p.otlpSpans.inc({ outcome }, n[outcome]);
}
