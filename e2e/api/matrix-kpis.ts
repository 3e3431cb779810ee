// Rows of the route-by-role matrix (route-matrix.spec.ts) for KPIs and the executive dashboard: reporting jobs post
// points with a contributor's token; admins define KPIs; everyone signed in reads.
import { expect } from "@playwright/test";
import type { Call, Caller, Fixture } from "./matrix-types";
import { unique } from "./support";
import type { Role } from "./support";

type KpiRow = { allowed: Role[] | "everyone"; call: (caller: Caller, f: Fixture) => Promise<Call> | Call };

const kpiName = (prefix: string) => unique(prefix).replace(/-/g, "_");

export const KPIS_MATRIX: Record<string, KpiRow> = {
  "POST /api/v1/kpis": {
    allowed: ["contributor"],
    // "revenue" is one of the demo's KPI definitions (lib/kpis/demo.ts).
    call: (_, f) => ({ path: "/api/v1/kpis", data: { points: [{ ts: new Date().toISOString(), model: f.model, version: f.version, kpi: "revenue", value: 1 }] } }),
  },
  "GET /api/v1/kpis": { allowed: "everyone", call: (_, f) => ({ path: `/api/v1/kpis?kpi=revenue&model=${f.model}` }) },
  "GET /api/v1/kpi-definitions": { allowed: "everyone", call: () => ({ path: "/api/v1/kpi-definitions" }) },
  "POST /api/v1/kpi-definitions": {
    allowed: ["admin"],
    call: (c) => ({ path: "/api/v1/kpi-definitions", data: { name: kpiName("matrix"), title: `by ${c}`, unit: "count", higherIsBetter: true, aggregation: "sum", owner: "admin@example.com" } }),
  },
  "PATCH /api/v1/kpi-definitions/[name]": {
    allowed: ["admin"],
    // A KPI of its own for each caller, defined by the admin first.
    call: async (c, f) => {
      const name = kpiName("matrix_edit");
      const res = await f.admin.post("/api/v1/kpi-definitions", { data: { name, title: "To edit", unit: "count", higherIsBetter: true, aggregation: "sum", owner: "admin@example.com" } });
      expect(res.status(), await res.text()).toBe(201);
      return { path: `/api/v1/kpi-definitions/${name}`, data: { title: `edited by ${c}` } };
    },
  },
  "GET /api/v1/dashboards/executive": { allowed: "everyone", call: () => ({ path: "/api/v1/dashboards/executive?period=30d&team=growth" }) },
};
