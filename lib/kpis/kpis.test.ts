// KPI definitions and points on a fresh store: who may define and post, the batch checked whole with each bad field
// named, an undefined KPI refused, corrections replacing values, and reads folded by step with hand-worked numbers.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rows } from "@/db/client";
import { createModel } from "@/lib/inventory/models";
import { createVersion } from "@/lib/inventory/versions";
import { person, refused } from "@/tests/actors";
import { useFreshStore } from "@/tests/store";
import { createKpiDefinition, listKpiDefinitions, updateKpiDefinition } from "./definitions";
import { ingestKpis } from "./ingest";
import { kpiWindow, readKpis } from "./read";
import { CreateKpiDefinition } from "./schemas";

const chen = person("Chen", ["contributor"], 1);
const ada = person("Ada", ["admin"], 2);
const viewer = person("Victor", ["viewer"], 3);
const NOW = new Date("2026-11-20T12:00:00Z");
const count = async (table: string) => (await rows<{ n: number }>(sql`select count(*)::int as n from ${sql.raw(table)}`))[0].n;

describe("KPIs (database)", () => {
  useFreshStore();

  it("admins define KPIs, audited; others may not", async () => {
    await createModel(chen, { name: "shop-recs", owner: chen.email, riskTier: "low" });
    await createVersion(chen, "shop-recs", { version: "1.0" });
    await createVersion(chen, "shop-recs", { version: "2.0" });
    // The schema the route validates with lower-cases the owner's email.
    const d = await createKpiDefinition(
      ada,
      CreateKpiDefinition.parse({
        name: "revenue",
        title: "Revenue",
        unit: "USD",
        higherIsBetter: true,
        aggregation: "sum",
        owner: "CFO@example.com",
      }),
    );
    expect(d).toMatchObject({
      name: "revenue",
      unit: "USD",
      higherIsBetter: true,
      aggregation: "sum",
      owner: "cfo@example.com",
      description: null,
    });
    await createKpiDefinition(ada, {
      name: "ctr",
      title: "Click-through",
      unit: "%",
      higherIsBetter: true,
      aggregation: "mean",
      owner: "chen@example.com",
    });
    expect(
      (
        await refused(
          createKpiDefinition(chen, { name: "x", title: "X", unit: "u", higherIsBetter: true, aggregation: "sum", owner: "a@b.co" }),
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await refused(
          createKpiDefinition(ada, { name: "ctr", title: "X", unit: "u", higherIsBetter: true, aggregation: "sum", owner: "a@b.co" }),
        )
      ).status,
    ).toBe(409);
    const u = await updateKpiDefinition(ada, "ctr", { title: "Click-through rate", description: "clicks ÷ impressions" });
    expect([u.title, u.unit, u.description]).toEqual(["Click-through rate", "%", "clicks ÷ impressions"]);
    expect((await refused(updateKpiDefinition(ada, "nope", { title: "x" }))).status).toBe(404);
    expect((await listKpiDefinitions(viewer)).items.map((k) => k.name)).toEqual(["ctr", "revenue"]);
    const audit = await rows<{ action: string; entity_id: string }>(
      sql`select action, entity_id from audit_log where entity_type = 'kpi' order by seq`,
    );
    expect(audit).toEqual([
      { action: "kpi.defined", entity_id: "revenue" },
      { action: "kpi.defined", entity_id: "ctr" },
      { action: "kpi.updated", entity_id: "ctr" },
    ]);
  });

  it("refuses a batch with any bad point, naming each by path, and stores nothing", async () => {
    const ok = { ts: "2026-11-20T10:00:00Z", model: "shop-recs", version: "1.0", kpi: "revenue", value: 10 };
    const e = await refused(
      ingestKpis(chen, { points: [ok, { ...ok, value: "ten" }, { ...ok, ts: "yesterday" }, { ...ok, extra: 1 }] }, NOW),
    );
    expect(e.status).toBe(400);
    expect(e.details.map((d) => d.path)).toEqual(["points[1].value", "points[2].ts", "points[3].extra"]);
    const unknown = await refused(
      ingestKpis(
        chen,
        {
          points: [
            ok,
            { ...ok, kpi: "profit" },
            { ...ok, model: "ghost" },
            { ...ok, version: "9.9" },
            { ...ok, kpi: "profit", ts: "2026-11-20T11:00:00Z" },
          ],
        },
        NOW,
      ),
    );
    expect(unknown.status).toBe(400);
    expect(unknown.details).toEqual([
      { path: "points[1].kpi", message: "is not a defined KPI (profit): admins define KPIs under /admin/kpis" },
      { path: "points[2].model", message: "is not a registered model (ghost)" },
      { path: "points[3].version", message: "is not a registered version of shop-recs (9.9)" },
    ]);
    expect((await refused(ingestKpis(chen, { points: [{ ...ok, ts: "2026-11-22T12:00:00Z" }] }, NOW))).details[0].path).toBe(
      "points[0].ts",
    );
    expect((await refused(ingestKpis(viewer, { points: [ok] }, NOW))).status).toBe(403);
    expect(await count("kpi_points")).toBe(0);
  });

  it("stores points, a repeat replacing the value, and reads them per version and step", async () => {
    const p = (version: string | undefined, ts: string, kpi: string, value: number) => ({
      ts,
      model: "shop-recs",
      ...(version ? { version } : {}),
      kpi,
      value,
    });
    const r = await ingestKpis(
      chen,
      {
        points: [
          p("1.0", "2026-11-18T09:00:00Z", "revenue", 100),
          p("1.0", "2026-11-18T15:30:00Z", "revenue", 50),
          p("1.0", "2026-11-19T09:00:00Z", "revenue", 999), // corrected below
          p("2.0", "2026-11-19T10:00:00Z", "revenue", 30),
          p(undefined, "2026-11-19T10:00:00Z", "revenue", 7),
          p("1.0", "2026-11-18T09:00:00Z", "ctr", 4.0),
          p("1.0", "2026-11-18T21:00:00Z", "ctr", 5.0),
        ],
      },
      NOW,
    );
    expect(r).toEqual({ accepted: 7 });
    await ingestKpis(chen, { points: [p("1.0", "2026-11-19T09:00:00Z", "revenue", 120)] }, NOW);
    expect(await count("kpi_points")).toBe(7);
    const audit = await rows<{ after: { points: number; kpis: string[] } }>(
      sql`select after from audit_log where action = 'kpis.ingested' order by seq`,
    );
    expect(audit.map((a) => [a.after.points, a.after.kpis])).toEqual([
      [7, ["ctr", "revenue"]],
      [1, ["revenue"]],
    ]);

    const rev = await readKpis(
      viewer,
      { kpi: "revenue", model: "shop-recs", from: "2026-11-18T00:00:00Z", to: "2026-11-20T00:00:00Z", step: "1d" },
      NOW.getTime(),
    );
    expect([rev.from, rev.to, rev.step]).toEqual(["2026-11-18T00:00:00.000Z", "2026-11-20T00:00:00.000Z", "1d"]);
    // revenue sums: 1.0 on the 18th 100 + 50; on the 19th 120 (corrected); 2.0 30; no version 7.
    expect(rev.series.map((s) => [s.t.slice(0, 10), s.version, s.value, s.count])).toEqual([
      ["2026-11-19", null, 7, 1],
      ["2026-11-18", "1.0", 150, 2],
      ["2026-11-19", "1.0", 120, 1],
      ["2026-11-19", "2.0", 30, 1],
    ]);
    // ctr means: (4 + 5) / 2 on the 18th; per 12 hours it would be two steps, here hours.
    const ctr = await readKpis(viewer, { kpi: "ctr", from: "2026-11-18T00:00:00Z", to: "2026-11-19T00:00:00Z", step: "1d" }, NOW.getTime());
    expect(ctr.series.map((s) => [s.value, s.sum, s.mean, s.min, s.max])).toEqual([[4.5, 9, 4.5, 4, 5]]);
    const hourly = await readKpis(
      viewer,
      { kpi: "ctr", from: "2026-11-18T00:00:00Z", to: "2026-11-19T00:00:00Z", step: "1h" },
      NOW.getTime(),
    );
    expect(hourly.series.map((s) => [s.t, s.value])).toEqual([
      ["2026-11-18T09:00:00.000Z", 4],
      ["2026-11-18T21:00:00.000Z", 5],
    ]);
    expect((await refused(readKpis(viewer, { kpi: "profit" }, NOW.getTime()))).status).toBe(404);
    expect((await refused(readKpis(viewer, { kpi: "ctr", model: "ghost" }, NOW.getTime()))).status).toBe(404);
  });

  it("aligns windows to the step, weeks from Monday, and refuses too many steps", () => {
    const now = Date.parse("2026-11-20T12:34:00Z");
    // Default: the last 90 days; 90 days of 1d steps is within 200, so 1d.
    expect(kpiWindow({}, now)).toEqual({ from: Date.parse("2026-08-22T00:00:00Z"), to: Date.parse("2026-11-21T00:00:00Z"), step: "1d" });
    // 2026-11-20 is a Friday: its week began Monday the 16th.
    const w = kpiWindow({ from: "2026-11-20T00:00:00Z", to: "2026-11-21T00:00:00Z", step: "7d" }, now);
    expect([new Date(w.from).toISOString(), new Date(w.to).toISOString()]).toEqual([
      "2026-11-16T00:00:00.000Z",
      "2026-11-23T00:00:00.000Z",
    ]);
    expect(() => kpiWindow({ from: "2020-01-01T00:00:00Z", to: "2026-01-01T00:00:00Z", step: "1h" }, now)).toThrow(/steps of 1h/);
    expect(() => kpiWindow({ from: "2026-01-02T00:00:00Z", to: "2026-01-01T00:00:00Z" }, now)).toThrow(/from must be before to/);
  });
});
