// The burn-rate rules with the numbers of METRICS.md: a 99.9% SLO has a 0.1% budget, so 2% errors burn at 20×
// and 0.5% at 5×.
import { describe, expect, it } from "vitest";
import { budgetRemaining, burnRate, type Counts, evaluateRules, firingSeverity, rulesFor } from "./burn";

/** Minute-by-minute traffic: `errorShare[i]` of 1,000 events in minute i (0 = oldest); counts over the last m minutes. */
function traffic(errorShare: number[]) {
  return (minutes: number): Counts => {
    const last = errorShare.slice(Math.max(0, errorShare.length - Math.ceil(minutes)));
    return { total: last.length * 1000, bad: last.reduce((s, e) => s + Math.round(e * 1000), 0) };
  };
}
const repeat = (share: number, n: number) => Array<number>(n).fill(share);

describe("burn rates", () => {
  it("is the bad share over the budget", () => {
    expect(burnRate({ total: 1000, bad: 20 }, 0.999)).toBeCloseTo(20, 10);
    expect(burnRate({ total: 1000, bad: 5 }, 0.999)).toBeCloseTo(5, 10);
    expect(burnRate({ total: 0, bad: 0 }, 0.999)).toBe(0);
    expect(budgetRemaining({ total: 100_000, bad: 25 }, 0.999)).toBeCloseTo(0.75, 10);
  });

  it("scales the windows with the SLO's days", () => {
    expect(rulesFor(30).map((r) => [r.longMinutes, r.shortMinutes])).toEqual([
      [60, 5],
      [360, 30],
      [4320, 360],
    ]);
    expect(rulesFor(7).map((r) => [r.longMinutes, r.shortMinutes])).toEqual([
      [14, 7 / 6],
      [84, 7],
      [1008, 84],
    ]);
  });

  it("pages on 2% errors for 70 minutes against 99.9% (both page rules' windows over their rates)", () => {
    const r = evaluateRules(0.999, 30, traffic(repeat(0.02, 70)));
    expect(r.map((x) => [x.severity, x.longMinutes, x.firing])).toEqual([
      ["page", 60, true],
      ["page", 360, true],
      ["ticket", 4320, true],
    ]);
    expect(r[0].longRate).toBeCloseTo(20, 10);
    expect(firingSeverity(r)).toBe("page");
  });

  it("after 6 h of good traffic, 2% errors page only once the 1 h window has burnt past 14.4 (44 minutes in)", () => {
    const at = (errMinutes: number) => firingSeverity(evaluateRules(0.999, 30, traffic([...repeat(0, 360), ...repeat(0.02, errMinutes)])));
    // 1 h window: 20 × m / 60 ≥ 14.4 ⇔ m ≥ 43.2; the 5 min window is at 20 from minute 5. Before that only the
    // ticket: over the 6 h window 20 × 43 / 360 = 2.39 ≥ 1, and over all 403 minutes (the 3 d window) 2.13 ≥ 1.
    expect(at(4)).toBe(null); // 6 h: 20 × 4 / 360 = 0.22
    expect(at(43)).toBe("ticket");
    expect(at(44)).toBe("page");
  });

  it("0.5% errors fire only the ticket", () => {
    const r = evaluateRules(0.999, 30, traffic(repeat(0.005, 70)));
    expect(r.map((x) => x.firing)).toEqual([false, false, true]);
    expect(firingSeverity(r)).toBe("ticket");
  });

  it("stops paging once the short windows recover, and resolves when the ticket's 6 h window is clean too", () => {
    const afterGood = (goodMinutes: number) => evaluateRules(0.999, 30, traffic([...repeat(0.02, 70), ...repeat(0, goodMinutes)]));
    // 6 good minutes: the 5 min window is clean (the 1 h one, at 20 × 54 / 60 = 18, still remembers); the 30 min
    // window is at 20 × 24 / 30 = 16 ≥ 6 and the 6 h one (all 76 minutes) at 18.4 ≥ 6: the second page rule holds.
    expect(afterGood(6).map((x) => x.firing)).toEqual([false, true, true]);
    // 30 good minutes: both page rules' short windows are clean; the ticket (6 h: 1,400 bad of 100,000 → 14) holds.
    expect(firingSeverity(afterGood(30))).toBe("ticket");
    // 6 h and a minute of good traffic: the 6 h window is clean, so nothing fires: the alert resolves.
    expect(afterGood(361).map((x) => x.firing)).toEqual([false, false, false]);
    expect(firingSeverity(afterGood(361))).toBe(null);
  });
});
