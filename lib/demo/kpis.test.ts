// The demo seed's quarter of KPIs as the executive dashboard reads it: the rollout that raised revenue and margin,
// and the canary rolled back for its click-through, each judged against the version it replaced.
import { describe, expect, it } from "vitest";
import { SYSTEM } from "@/lib/auth/actor";
import { executiveView } from "@/lib/dashboards/executive";
import { ExecutiveQuery } from "@/lib/dashboards/executive-schemas";
import { useFreshStore } from "@/tests/store";
import { RAISED, ROLLED_BACK } from "./kpis";
import { seedPortfolio, seedUsers } from "./seed";

describe("the demo seed's KPIs (database)", () => {
  useFreshStore();

  it("seeds a quarter of KPIs with one rollout that raised them and one rolled back", async () => {
    await seedUsers(() => "seed-test-password-0123456789");
    expect(await seedPortfolio()).toBe(true);
    const v = await executiveView(SYSTEM, ExecutiveQuery.parse({ period: "90d" }));
    expect(v.kpis.map((k) => k.name).sort()).toEqual(["approval_rate", "ctr", "fraud_losses", "margin_rate", "revenue"]);
    const revenue = v.kpis.find((k) => k.name === "revenue")?.series.find((s) => s.model === RAISED.model)?.points ?? [];
    expect(revenue.length).toBeGreaterThanOrEqual(89);
    // The day-over-day jump in dynamic-pricing's revenue is largest where the canary went to 100%.
    const jumps = revenue.slice(1).map((p, i) => ({ t: p.t, rise: p.value / revenue[i].value - 1 }));
    const biggest = jumps.reduce((a, b) => (b.rise > a.rise ? b : a));
    const completed = v.markers.find((m) => m.model === RAISED.model && m.status === "completed");
    expect(completed?.version).toBe(RAISED.version);
    expect(Math.floor((completed?.t as number) / 86_400_000) * 86_400_000).toBe(biggest.t);

    const raised = v.rollouts.find((r) => r.model === RAISED.model && r.version === RAISED.version);
    expect([raised?.status, raised?.baseline, raised?.regression]).toEqual(["completed", RAISED.baseline, false]);
    const margin = raised?.metrics.find((m) => m.key === "margin_rate");
    // 33.0% against 31.2% within ±0.4% noise: about +5.8%.
    expect(margin?.delta).toBeGreaterThan(0.05);
    expect(margin?.delta).toBeLessThan(0.066);
    expect(margin?.improvement).toBe(true);

    const back = v.rollouts.find((r) => r.model === ROLLED_BACK.model && r.version === ROLLED_BACK.version);
    expect([back?.status, back?.baseline, back?.peakTrafficPercent, back?.regression]).toEqual([
      "rolled_back",
      ROLLED_BACK.baseline,
      10,
      true,
    ]);
    const ctr = back?.metrics.find((m) => m.key === "ctr");
    // 4% under, within ±0.4% noise on each side.
    expect(ctr?.delta).toBeGreaterThan(-0.05);
    expect(ctr?.delta).toBeLessThan(-0.03);
    expect(ctr?.regression).toBe(true);
    // Its serving is compared too: 75 ms against 60 ms at the median makes the p99 higher.
    expect(back?.metrics.find((m) => m.key === "p99")?.delta).toBeGreaterThan(0);
  });
});
