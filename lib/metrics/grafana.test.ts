// The Grafana dashboard under deploy/grafana asks only for metrics the endpoint serves: every PromQL expression in it
// (panel targets and template queries) is scanned for metric names, and each must be one GET /api/v1/metrics declares
// (a `# TYPE` line of a real scrape of a store with telemetry, with a histogram's _bucket/_sum/_count and a summary's
// _sum/_count). The provisioning files point Grafana at the dashboard folder and the datasource the dashboard names.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createModel } from "@/lib/inventory/models";
import { createVersion } from "@/lib/inventory/versions";
import { ingestTelemetry } from "@/lib/telemetry/ingest";
import { person } from "@/tests/actors";
import { useFreshStore } from "@/tests/store";
import { scrape } from "./exposition";
import { metricNames } from "./promql-names";

const ROOT = process.cwd();
const DASHBOARD = path.join(ROOT, "deploy/grafana/dashboards/steward-on-call.json");
const chen = person("Chen", ["contributor"], 1);

type Panel = { type: string; title: string; targets?: { expr: string }[]; panels?: Panel[] };
type Dashboard = {
  uid: string;
  panels: Panel[];
  templating: { list: { name: string; type: string; query?: string | { query: string } }[] };
};

/** Every PromQL expression in the dashboard, with where it is. */
function expressions(d: Dashboard): { where: string; expr: string }[] {
  const out: { where: string; expr: string }[] = [];
  const walk = (ps: Panel[]) => {
    for (const p of ps) {
      for (const t of p.targets ?? []) out.push({ where: `panel "${p.title}"`, expr: t.expr });
      walk(p.panels ?? []);
    }
  };
  walk(d.panels);
  for (const v of d.templating.list) {
    if (v.type !== "query") continue;
    const q = typeof v.query === "string" ? v.query : (v.query?.query ?? "");
    // Grafana's label_values(metric, label): the metric is the part before the last comma; query_result(expr) is PromQL.
    let expr = q;
    if (q.startsWith("label_values(")) expr = q.includes(",") ? q.slice("label_values(".length, q.lastIndexOf(",")) : "";
    else if (q.startsWith("query_result(")) expr = q.slice("query_result(".length, -1);
    out.push({ where: `variable $${v.name}`, expr });
  }
  return out;
}

describe("the Grafana dashboard", () => {
  useFreshStore();
  let served: Set<string>;

  beforeAll(async () => {
    await createModel(chen, { name: "grafana-check", owner: chen.email, riskTier: "low" });
    await createVersion(chen, "grafana-check", { version: "1.0" });
    const events = [{ model: "grafana-check", version: "1.0", ts: new Date().toISOString(), latencyMs: 12, status: "ok" }];
    await ingestTelemetry(chen, { contentType: "application/json", text: JSON.stringify({ events }) });
    const { text } = await scrape(chen, false);
    served = new Set<string>();
    for (const line of text.split("\n")) {
      if (!line.startsWith("# TYPE ")) continue;
      const [name, type] = line.slice(7).split(" ");
      served.add(name);
      if (type === "histogram") for (const s of ["_bucket", "_sum", "_count"]) served.add(name + s);
      if (type === "summary") for (const s of ["_sum", "_count"]) served.add(name + s);
    }
    expect(served.has("steward_model_requests_total")).toBe(true);
  });

  it("names, in every PromQL expression, only metrics the endpoint serves", () => {
    const d = JSON.parse(fs.readFileSync(DASHBOARD, "utf8")) as Dashboard;
    const exprs = expressions(d);
    expect(exprs.length).toBeGreaterThanOrEqual(20);
    const unknown = exprs.flatMap((e) =>
      metricNames(e.expr)
        .filter((n) => !served.has(n))
        .map((n) => `${e.where}: ${n} in ${e.expr}`),
    );
    expect(unknown).toEqual([]);
    // Every expression selects at least one metric (a typo in a function name would otherwise pass as "no metric").
    const named = exprs.filter((e) => !e.expr.startsWith("vector(")).filter((e) => metricNames(e.expr).length === 0);
    expect(named).toEqual([]);
  });

  it("has the on-call panels: availability, p50/p95/p99, error budget, burn rate, drift, retraining success", () => {
    const d = JSON.parse(fs.readFileSync(DASHBOARD, "utf8")) as Dashboard;
    const titles = d.panels.map((p) => p.title.toLowerCase());
    for (const want of ["availability", "p50 / p95 / p99", "error budget", "burn rate", "drift", "retraining success"])
      expect(
        titles.some((t) => t.includes(want)),
        want,
      ).toBe(true);
  });

  it("is provisioned: the provider reads the folder the README mounts, the datasource is Prometheus", () => {
    const provider = fs.readFileSync(path.join(ROOT, "deploy/grafana/provisioning/dashboards/steward.yaml"), "utf8");
    expect(provider).toContain("path: /var/lib/grafana/dashboards/steward");
    const ds = fs.readFileSync(path.join(ROOT, "deploy/grafana/provisioning/datasources/steward.yaml"), "utf8");
    expect(ds).toContain("type: prometheus");
  });

  it("scans PromQL for metric names, skipping functions, matchers, ranges and label lists", () => {
    expect(
      metricNames(
        'histogram_quantile(0.99, sum by (le, route) (rate(steward_http_request_duration_seconds_bucket{route=~"/api/.*"}[5m])))',
      ),
    ).toEqual(["steward_http_request_duration_seconds_bucket"]);
    expect(metricNames('1 - sum by (model) (increase(a_total{x="by (y)"}[1h])) / on (model) group_left (team) b_info offset 5m')).toEqual([
      "a_total",
      "b_info",
    ]);
    expect(metricNames("vector(14.4)")).toEqual([]);
  });
});
