import { describe, expect, it } from "vitest";
import { type Evidence, evaluateChecks, failingBlocking } from "./checks";
import { DEFAULT_POLICY } from "./policy";

const good: Evidence = {
  model: "credit-default",
  version: "1.2.0",
  card: { revision: 3, completeness: 85 },
  audit: { id: "0b0e7d4e-8a55-4f5e-9a77-3f8f5c1d2a10", name: "COMPAS-style holdout", passed: true },
  evaluations: [{ id: "e1", dataset: "holdout-2026q3", slice: null }],
  lineage: { inputs: [{ namespace: "warehouse", name: "loans.applications" }], trainingRunId: null },
  replaced: { version: "1.1.0", firingPageAlerts: [] },
};

const byName = (cs: ReturnType<typeof evaluateChecks>) => Object.fromEntries(cs.map((c) => [c.name, c]));

describe("release checks under the default policy", () => {
  it("all pass with full evidence for a critical model going to production", () => {
    const cs = evaluateChecks(good, DEFAULT_POLICY, { target: "production", riskTier: "critical", kind: "release" });
    expect(cs.map((c) => [c.name, c.status, c.blocking])).toEqual([
      ["card_completeness", "pass", true],
      ["bias_audit", "pass", true],
      ["evaluation", "pass", true],
      ["lineage_inputs", "pass", false],
      ["no_page_alert", "pass", false],
    ]);
    expect(byName(cs).card_completeness.evidence[0]).toEqual({
      type: "card",
      id: "3",
      label: "Card revision 3",
      href: "/models/credit-default/versions/1.2.0#card",
    });
    expect(byName(cs).bias_audit.evidence[0].href).toBe("/audits/0b0e7d4e-8a55-4f5e-9a77-3f8f5c1d2a10");
  });

  it("a card at 79% fails (blocking) for production and only warns for staging; 80% passes", () => {
    const e = { ...good, card: { revision: 4, completeness: 79 } };
    expect(
      byName(evaluateChecks(e, DEFAULT_POLICY, { target: "production", riskTier: "low", kind: "release" })).card_completeness,
    ).toMatchObject({ status: "fail", blocking: true });
    expect(
      byName(evaluateChecks(e, DEFAULT_POLICY, { target: "staging", riskTier: "low", kind: "release" })).card_completeness,
    ).toMatchObject({ status: "warn", blocking: false });
    const at80 = { ...good, card: { revision: 5, completeness: 80 } };
    expect(
      byName(evaluateChecks(at80, DEFAULT_POLICY, { target: "production", riskTier: "low", kind: "release" })).card_completeness.status,
    ).toBe("pass");
  });

  it("a failed or missing bias audit blocks high and critical models and warns for low and medium", () => {
    const failed = { ...good, audit: { id: "a1", name: "holdout", passed: false } };
    for (const tier of ["high", "critical"] as const)
      expect(
        byName(evaluateChecks(failed, DEFAULT_POLICY, { target: "production", riskTier: tier, kind: "release" })).bias_audit.status,
      ).toBe("fail");
    for (const tier of ["low", "medium"] as const)
      expect(
        byName(evaluateChecks({ ...good, audit: null }, DEFAULT_POLICY, { target: "production", riskTier: tier, kind: "release" }))
          .bias_audit.status,
      ).toBe("warn");
  });

  it("no evaluation blocks; no lineage only warns; failingBlocking lists exactly the blocking failures", () => {
    const e = { ...good, evaluations: [], lineage: { inputs: [], trainingRunId: null } };
    const cs = evaluateChecks(e, DEFAULT_POLICY, { target: "production", riskTier: "medium", kind: "release" });
    expect(byName(cs).evaluation.status).toBe("fail");
    expect(byName(cs).lineage_inputs.status).toBe("warn");
    expect(failingBlocking(cs).map((c) => c.name)).toEqual(["evaluation"]);
  });

  it("a rollback shows every failure as a warning: nothing blocks", () => {
    const bad = { ...good, card: null, audit: null, evaluations: [] };
    const cs = evaluateChecks(bad, DEFAULT_POLICY, { target: "production", riskTier: "critical", kind: "rollback" });
    expect(cs.every((c) => !c.blocking)).toBe(true);
    expect(cs.filter((c) => c.status === "warn").map((c) => c.name)).toEqual(["card_completeness", "bias_audit", "evaluation"]);
  });

  it("a check switched off by the policy is not run", () => {
    const rules = {
      ...DEFAULT_POLICY,
      checks: { ...DEFAULT_POLICY.checks, lineage_inputs: { mode: { staging: "off" as const, production: "off" as const } } },
    };
    expect(evaluateChecks(good, rules, { target: "production", riskTier: "low", kind: "release" }).map((c) => c.name)).not.toContain(
      "lineage_inputs",
    );
  });
});

describe("the data_quality check", () => {
  const failing = {
    validated: 3,
    failing: [
      { datasetId: "dataset:wh:raw.titanic", namespace: "wh", name: "raw.titanic", suite: "titanic", unsuccessful: 4, evaluated: 10 },
    ],
  };

  it("warns by default when an upstream dataset's latest validation failed, and blocks when the policy says so", () => {
    const e = { ...good, dataQuality: failing };
    const warned = byName(evaluateChecks(e, DEFAULT_POLICY, { target: "production", riskTier: "low", kind: "release" })).data_quality;
    expect(warned).toMatchObject({
      status: "warn",
      blocking: false,
      detail: "The latest validation of 1 upstream dataset failed: raw.titanic.",
    });
    expect(warned.evidence).toEqual([
      {
        type: "lineage",
        id: "dataset:wh:raw.titanic",
        label: "raw.titanic: 4 of 10 failed",
        href: "/lineage?node=dataset%3Awh%3Araw.titanic",
      },
    ]);
    const strict = {
      ...DEFAULT_POLICY,
      checks: { ...DEFAULT_POLICY.checks, data_quality: { mode: { staging: "warn" as const, production: "block" as const } } },
    };
    const cs = evaluateChecks(e, strict, { target: "production", riskTier: "low", kind: "release" });
    expect(byName(cs).data_quality).toMatchObject({ status: "fail", blocking: true });
    expect(failingBlocking(cs).map((c) => c.name)).toEqual(["data_quality"]);
    expect(byName(evaluateChecks(e, strict, { target: "staging", riskTier: "low", kind: "release" })).data_quality.status).toBe("warn");
  });

  it("passes when every validated dataset passed, and is not listed when none upstream is validated", () => {
    const ok = byName(
      evaluateChecks({ ...good, dataQuality: { validated: 3, failing: [] } }, DEFAULT_POLICY, {
        target: "production",
        riskTier: "low",
        kind: "release",
      }),
    ).data_quality;
    expect(ok).toMatchObject({ status: "pass", detail: "The latest validation of each of the 3 validated datasets upstream passed." });
    for (const dataQuality of [undefined, { validated: 0, failing: [] }])
      expect(
        evaluateChecks({ ...good, dataQuality }, DEFAULT_POLICY, { target: "production", riskTier: "low", kind: "release" }).map(
          (c) => c.name,
        ),
      ).not.toContain("data_quality");
  });

  it("a policy saved before the rule existed still parses", async () => {
    const { PolicyRules } = await import("./policy");
    expect(PolicyRules.safeParse(DEFAULT_POLICY).success).toBe(true);
    expect(
      PolicyRules.safeParse({
        ...DEFAULT_POLICY,
        checks: { ...DEFAULT_POLICY.checks, data_quality: { mode: { staging: "block", production: "sometimes" } } },
      }).success,
    ).toBe(false);
  });
});

describe("the monitoring_coverage check", () => {
  const blind = (...modes: [string, string][]) => ({ blind: modes.map(([mode, title]) => ({ mode, title, reason: `${mode} is blind.` })) });
  const ctx = { target: "production" as const, riskTier: "low" as const, kind: "release" as const };

  it("passes up to the policy's 2 blind spots and warns beyond, naming the blind modes; staging candidates are not judged", () => {
    const two = byName(
      evaluateChecks({ ...good, coverage: blind(["F4", "Silent regressions"], ["F7", "Cold starts"]) }, DEFAULT_POLICY, ctx),
    );
    expect(two.monitoring_coverage).toMatchObject({
      status: "pass",
      blocking: false,
      detail: "Blind to 2 of the eight failure modes (at most 2 allowed): F4 silent regressions, F7 cold starts.",
    });
    expect(two.monitoring_coverage.evidence).toEqual([
      { type: "coverage", id: "1.2.0", label: "What is watched", href: "/models/credit-default/versions/1.2.0#coverage" },
    ]);
    const three = {
      ...good,
      coverage: blind(["F2", "Concept drift"], ["F5", "Feature mismatch"], ["F6", "Poisoning and adversarial inputs"]),
    };
    const warned = byName(evaluateChecks(three, DEFAULT_POLICY, ctx)).monitoring_coverage;
    expect(warned).toMatchObject({
      status: "warn",
      blocking: false,
      detail:
        "Blind to 3 of the eight failure modes, more than the 2 the policy allows: F2 concept drift, F5 feature mismatch, F6 poisoning and adversarial inputs.",
    });
    expect(byName(evaluateChecks({ ...good, coverage: blind() }, DEFAULT_POLICY, ctx)).monitoring_coverage).toMatchObject({
      status: "pass",
      detail: "Every one of the eight failure modes has a live signal.",
    });
    expect(evaluateChecks(three, DEFAULT_POLICY, { ...ctx, target: "staging" }).map((c) => c.name)).not.toContain("monitoring_coverage");
    expect(evaluateChecks(good, DEFAULT_POLICY, ctx).map((c) => c.name)).not.toContain("monitoring_coverage");
  });

  it("follows the policy: a higher allowance passes, a blocking mode fails, off is not listed", () => {
    const three = {
      ...good,
      coverage: blind(["F2", "Concept drift"], ["F5", "Feature mismatch"], ["F6", "Poisoning and adversarial inputs"]),
    };
    const policy = (maxBlindSpots: number, mode: "block" | "warn" | "off") => ({
      ...DEFAULT_POLICY,
      checks: { ...DEFAULT_POLICY.checks, monitoring_coverage: { maxBlindSpots, mode } },
    });
    expect(byName(evaluateChecks(three, policy(3, "warn"), ctx)).monitoring_coverage.status).toBe("pass");
    const blocked = evaluateChecks(three, policy(0, "block"), ctx);
    expect(byName(blocked).monitoring_coverage).toMatchObject({ status: "fail", blocking: true });
    expect(failingBlocking(blocked).map((c) => c.name)).toEqual(["monitoring_coverage"]);
    // A rollback's checks never block.
    expect(byName(evaluateChecks(three, policy(0, "block"), { ...ctx, kind: "rollback" })).monitoring_coverage).toMatchObject({
      status: "warn",
      blocking: false,
    });
    expect(evaluateChecks(three, policy(0, "off"), ctx).map((c) => c.name)).not.toContain("monitoring_coverage");
  });

  it("a policy saved before the setting existed still parses; an allowance beyond 8 does not", async () => {
    const { PolicyRules } = await import("./policy");
    expect(PolicyRules.safeParse(DEFAULT_POLICY).success).toBe(true);
    const withIt = (maxBlindSpots: number) => ({
      ...DEFAULT_POLICY,
      checks: { ...DEFAULT_POLICY.checks, monitoring_coverage: { maxBlindSpots, mode: "warn" } },
    });
    expect(PolicyRules.safeParse(withIt(8)).success).toBe(true);
    expect(PolicyRules.safeParse(withIt(9)).success).toBe(false);
  });
});
