import "server-only";
import { Registry } from "prom-client";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/policy";
import { collectStoreMetrics, type Family } from "./collect";
import { portalMetrics } from "./portal";

type MetricLike = {
  name: string;
  help: string;
  type: string;
  get: () => Promise<{ name: string; help: string; type: string; values: unknown[]; aggregator: string }>;
};

/** A family computed from the store, as the metric object prom-client's Registry formats. */
function fromFamily(f: Family): MetricLike {
  const m: MetricLike = {
    name: f.name,
    help: f.help,
    type: f.type,
    // The name is read back from `m` at formatting time: an OpenMetrics registry strips a counter's `_total` from it.
    get: async () => ({
      name: m.name,
      help: f.help,
      type: f.type,
      aggregator: "sum",
      values: f.samples.map((s) => ({ labels: s.labels, value: s.value, ...(s.suffix ? { metricName: `${m.name}${s.suffix}` } : {}) })),
    }),
  };
  return m;
}

/**
 * A process metric, wrapped so that a per-scrape OpenMetrics registry, which renames counters, renames the wrapper and
 * never the long-lived metric.
 */
function wrap(metric: {
  name: string;
  help: string;
  type: string;
  get: () => Promise<{ values: unknown[] }> | { values: unknown[] };
}): MetricLike {
  const m: MetricLike = {
    name: metric.name,
    help: metric.help,
    type: metric.type,
    get: async () => {
      const got = await metric.get();
      return { name: m.name, help: metric.help, type: metric.type, aggregator: "sum", values: got.values };
    },
  };
  return m;
}

export const PROMETHEUS_TEXT = Registry.PROMETHEUS_CONTENT_TYPE;
export const OPENMETRICS_TEXT = Registry.OPENMETRICS_CONTENT_TYPE;

/** Whether an Accept header asks for OpenMetrics (any q > 0). */
export function wantsOpenMetrics(accept: string | null): boolean {
  if (!accept) return false;
  return accept.split(",").some((part) => {
    const [type, ...params] = part.split(";").map((x) => x.trim().toLowerCase());
    if (type !== "application/openmetrics-text") return false;
    const q = params.find((p) => p.startsWith("q="));
    return !q || Number(q.slice(2)) > 0;
  });
}

/**
 * The store's figures are read at most once per METRICS_CACHE_SECONDS (default 10) in each process, and scrapes that
 * arrive while a read is running share it: several Prometheus replicas, or a scrape retried, cost one read. (At 5,000
 * production versions with an SLO each, a read took 5–8 s on PGlite on a loaded 2-core machine: docs/ARCHITECTURE.md.)
 */
const G = globalThis as unknown as { __stewardMetricsCache?: { at: number; families: Promise<Family[]> } };

function storeFamilies(): Promise<Family[]> {
  const ttl = (Number(process.env.METRICS_CACHE_SECONDS ?? 10) || 0) * 1000;
  const cached = G.__stewardMetricsCache;
  if (cached && Date.now() - cached.at < ttl) return cached.families;
  const families = collectStoreMetrics();
  const entry = { at: Date.now(), families };
  G.__stewardMetricsCache = entry;
  // A failed read is not kept: the next scrape tries again.
  families.catch(() => {
    if (G.__stewardMetricsCache === entry) G.__stewardMetricsCache = undefined;
  });
  return families;
}

/** `GET /api/v1/metrics`: the store's figures and this process's own, in the format asked for. `now` reads afresh. */
export async function scrape(actor: Actor, openMetrics: boolean, now?: Date): Promise<{ contentType: string; text: string }> {
  authorize(actor, "inventory.read");
  const registry = new Registry<typeof PROMETHEUS_TEXT | typeof OPENMETRICS_TEXT>();
  registry.setContentType(openMetrics ? OPENMETRICS_TEXT : PROMETHEUS_TEXT);
  for (const f of await (now ? collectStoreMetrics(now) : storeFamilies())) registry.registerMetric(fromFamily(f) as never);
  for (const m of portalMetrics().registry.getMetricsAsArray()) registry.registerMetric(wrap(m as never) as never);
  return { contentType: registry.contentType, text: await registry.metrics() };
}
