// The canary arithmetic against numbers worked out by hand.
import { describe, expect, it } from "vitest";
import {
  baselineOf,
  canaryDelta,
  type DeploymentReport,
  deltaWindow,
  groupRollouts,
  isImprovement,
  isRegression,
  P99_REGRESSION,
  rolloutInWindow,
} from "./canary";

const H = 3_600_000;
const rep = (versionId: number, status: string, traffic: number, hours: number, environment = "production"): DeploymentReport => ({
  versionId,
  version: `v${versionId}`,
  environment,
  strategy: "canary",
  trafficPercent: traffic,
  status,
  ts: hours * H,
});

describe("canaryDelta", () => {
  it("is (canary − baseline) / baseline", () => {
    // 0.0315 vs 0.0300: +0.0015 / 0.0300 = +5%.
    expect(canaryDelta(0.0315, 0.03)).toBeCloseTo(0.05, 12);
    // 96 vs 100: −4%.
    expect(canaryDelta(96, 100)).toBeCloseTo(-0.04, 12);
    expect(canaryDelta(100, 100)).toBe(0);
  });
  it("is null without both values or with a zero baseline", () => {
    expect(canaryDelta(null, 1)).toBeNull();
    expect(canaryDelta(1, null)).toBeNull();
    expect(canaryDelta(1, 0)).toBeNull();
  });
  it("divides by the baseline's magnitude, so a loss that shrinks is a positive delta", () => {
    // −80 → −60: (−60 − −80) / 80 = +25%.
    expect(canaryDelta(-60, -80)).toBeCloseTo(0.25, 12);
  });
});

describe("isRegression", () => {
  it("marks a drop beyond 0.5% of a higher-is-better KPI", () => {
    expect(isRegression(-0.006, true)).toBe(true);
    expect(isRegression(-0.005, true)).toBe(false); // exactly at the threshold is not beyond it
    expect(isRegression(-0.004, true)).toBe(false);
    expect(isRegression(0.2, true)).toBe(false);
  });
  it("marks a rise beyond 0.5% of a lower-is-better KPI", () => {
    expect(isRegression(0.006, false)).toBe(true);
    expect(isRegression(-0.3, false)).toBe(false);
    expect(isImprovement(-0.3, false)).toBe(true);
  });
  it("p99 needs more than 2%, twice the sketch's accuracy", () => {
    expect(isRegression(0.015, false, P99_REGRESSION)).toBe(false);
    expect(isRegression(0.021, false, P99_REGRESSION)).toBe(true);
  });
  it("nothing to judge without a delta", () => expect(isRegression(null, true)).toBe(false));
});

describe("groupRollouts", () => {
  const reports = [
    rep(2, "started", 10, 10),
    rep(1, "completed", 100, 1),
    rep(2, "progressing", 50, 20),
    rep(2, "completed", 100, 30),
    rep(3, "started", 5, 40),
    rep(3, "rolled_back", 0, 44),
    rep(3, "started", 5, 50), // a second attempt after the rollback
    rep(2, "completed", 100, 5, "staging"),
  ];
  const rollouts = groupRollouts(reports);

  it("groups per version and environment up to a terminal report", () => {
    expect(
      rollouts.map((r) => [
        r.version,
        r.environment,
        r.status,
        r.trafficPercent,
        r.peakTrafficPercent,
        r.startedAt / H,
        r.endedAt === null ? null : r.endedAt / H,
      ]),
    ).toEqual([
      ["v1", "production", "completed", 100, 100, 1, 1],
      ["v2", "staging", "completed", 100, 100, 5, 5],
      ["v2", "production", "completed", 100, 100, 10, 30],
      ["v3", "production", "rolled_back", 0, 5, 40, 44],
      ["v3", "production", "started", 5, 5, 50, null],
    ]);
    expect(rollouts[2].steps.map((s) => s.trafficPercent)).toEqual([10, 50, 100]);
  });

  it("finds the version each replaces in the same environment", () => {
    const [v1, , v2, v3a, v3b] = rollouts;
    expect(baselineOf(v1, rollouts, null)).toBeNull();
    expect(baselineOf(v2, rollouts, null)).toEqual({ versionId: 1, version: "v1" });
    // v2 completed at 30 h, before v3 started at 40 h; the staging rollout does not count.
    expect(baselineOf(v3a, rollouts, null)).toEqual({ versionId: 2, version: "v2" });
    expect(baselineOf(v3b, rollouts, null)).toEqual({ versionId: 2, version: "v2" });
    // With no earlier rollout, the fallback (the version the release replaced), but never the version itself.
    expect(baselineOf(v1, rollouts, { versionId: 9, version: "v9" })).toEqual({ versionId: 9, version: "v9" });
    expect(baselineOf(v1, rollouts, { versionId: 1, version: "v1" })).toBeNull();
  });

  it("selects rollouts in progress or finished in a window, and the window of each delta", () => {
    const inside = rollouts.filter((r) => rolloutInWindow(r, 35 * H, 60 * H)).map((r) => `${r.version}@${r.startedAt / H}`);
    expect(inside).toEqual(["v3@40", "v3@50"]);
    expect(deltaWindow(rollouts[3], 100 * H)).toEqual({ from: 40 * H, to: 44 * H });
    expect(deltaWindow(rollouts[4], 52 * H)).toEqual({ from: 50 * H, to: 52 * H });
  });
});
