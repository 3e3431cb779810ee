// Rows of the route-by-role matrix (route-matrix.spec.ts) for KPIs and the executive dashboard: reporting jobs post
// points with a contributor's token; admins define KPIs; everyone signed in reads.
import { expect } from "@playwright/test";
import type { Row } from "./matrix-types";
import { unique } from "./support";

const kpiName = (prefix: string) => unique(prefix).replace(/-/g, "_");

export const KPIS_MATRIX: Record<string, Row> = {
  "POST /api/v1/kpis": {
    action: "kpis.write",
    // "revenue" is one of the demo's KPI definitions (lib/demo/kpis.ts).
    call: (_, f) => ({
      path: "/api/v1/kpis",
      data: { points: [{ ts: new Date().toISOString(), model: f.model, version: f.version, kpi: "revenue", value: 1 }] },
    }),
  },
  "GET /api/v1/kpis": { action: "inventory.read", call: (_, f) => ({ path: `/api/v1/kpis?kpi=revenue&model=${f.model}` }) },
  "GET /api/v1/kpi-definitions": { action: "inventory.read", call: () => ({ path: "/api/v1/kpi-definitions" }) },
  "POST /api/v1/kpi-definitions": {
    action: "kpis.manage",
    call: (c) => ({
      path: "/api/v1/kpi-definitions",
      data: {
        name: kpiName("matrix"),
        title: `by ${c.label}`,
        unit: "count",
        higherIsBetter: true,
        aggregation: "sum",
        owner: "admin@example.com",
      },
    }),
  },
  "PATCH /api/v1/kpi-definitions/[name]": {
    action: "kpis.manage",
    // A KPI of its own for each caller, defined by the admin first.
    call: async (c, f) => {
      const name = kpiName("matrix_edit");
      const res = await f.admin.post("/api/v1/kpi-definitions", {
        data: { name, title: "To edit", unit: "count", higherIsBetter: true, aggregation: "sum", owner: "admin@example.com" },
      });
      expect(res.status(), await res.text()).toBe(201);
      return { path: `/api/v1/kpi-definitions/${name}`, data: { title: `edited by ${c.label}` } };
    },
  },
  "GET /api/v1/dashboards/executive": {
    action: "inventory.read",
    call: () => ({ path: "/api/v1/dashboards/executive?period=30d&team=growth" }),
  },
};
