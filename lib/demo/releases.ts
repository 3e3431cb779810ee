import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { log } from "@/lib/log";
import { decideRelease } from "@/lib/releases/decide";
import { cancelRelease, requestRelease, requestRollback } from "@/lib/releases/requests";

type Who = (email: string) => Actor;

/**
 * lib/demo/data.ts gives each version's stage after the demo releases; these versions start elsewhere and get there
 * by a release (product-recs 7.3.0 was released, then rolled back; demand-forecast 1.1.0 was released to staging).
 */
export const DEMO_RELEASE_START: Record<string, "development" | "staging"> = {
  "product-recs/7.3.0": "staging",
  "demand-forecast/1.1.0": "development",
};

/**
 * Demo releases in every state, and one rollback, made through the same functions as the API (so the checks,
 * stage changes and audit entries are real). Run after the demo portfolio is seeded.
 */
export async function seedDemoReleases(who: Who) {
  const chen = who("contributor@example.com");
  const priya = who("priya@example.com");
  const rafael = who("reviewer@example.com");
  const samira = who("samira@example.com");
  const step = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (e) {
      log("warn", "demo release step skipped", { what, error: e instanceof Error ? e.message : String(e) });
    }
  };

  // Approved to production (low risk, one approval), then rolled back after a KPI drop.
  await step("product-recs 7.3.0", async () => {
    const r = await requestRelease(chen, {
      model: "product-recs",
      version: "7.3.0",
      targetStage: "production",
      summary: "New two-tower retrieval; +2.1% recall@20 offline.",
      rollout: { strategy: "canary", canaryPercent: 10 },
    });
    await decideRelease(rafael, r.id, { decision: "approve", comment: "Offline gains hold on every slice; canary at 10% is sensible." });
    const rb = await requestRollback(rafael, "product-recs", {
      reason: "Click-through fell 4% in the first day of 7.3.0; put 7.2.0 back while we investigate.",
    });
    await decideRelease(samira, rb.id, { decision: "approve", comment: "Agreed, roll back now." });
  });
  // Approved to staging.
  await step("demand-forecast 1.1.0", async () => {
    const r = await requestRelease(chen, {
      model: "demand-forecast",
      version: "1.1.0",
      targetStage: "staging",
      summary: "Adds holiday regressors; shadow against 1.0.0 for two weeks.",
    });
    await decideRelease(samira, r.id, { decision: "approve", comment: "Fine for staging." });
  });
  // Pending: a critical model with one approval, waiting for compliance.
  await step("credit-default 1.2.0", async () => {
    const r = await requestRelease(priya, {
      model: "credit-default",
      version: "1.2.0",
      targetStage: "production",
      summary: "Recalibrated on 2026 H1 applications; fairness audit on the same holdout.",
      rollout: { strategy: "canary", canaryPercent: 5 },
    });
    await decideRelease(rafael, r.id, { decision: "approve", comment: "Evidence is complete; calibration plots look right." });
  });
  // Pending with a failing blocking check (a failed bias audit).
  await step("recidivism-risk 2.2", () =>
    requestRelease(priya, {
      model: "recidivism-risk",
      version: "2.2",
      targetStage: "production",
      summary: "Retrained with 2025 court records.",
    }),
  );
  // Returned for changes.
  await step("churn-predictor 5.2.0", async () => {
    const r = await requestRelease(chen, {
      model: "churn-predictor",
      version: "5.2.0",
      targetStage: "production",
      summary: "Adds tenure buckets; better recall on new subscribers.",
    });
    await decideRelease(samira, r.id, {
      decision: "request_changes",
      comment: "The card's ethical considerations say nothing about retention offers by age; add that, then resubmit.",
    });
  });
  // Rejected.
  await step("dynamic-pricing 2024.12", async () => {
    const r = await requestRelease(priya, {
      model: "dynamic-pricing",
      version: "2024.12",
      targetStage: "production",
      summary: "December model with promotion features.",
    });
    await decideRelease(rafael, r.id, {
      decision: "reject",
      comment: "Price elasticity on rural regions is implausible (positive); retrain before this goes anywhere.",
    });
  });
  // Cancelled by its requester.
  await step("product-recs 7.4.0", async () => {
    const r = await requestRelease(chen, {
      model: "product-recs",
      version: "7.4.0",
      targetStage: "staging",
      summary: "Experimental re-ranker.",
    });
    await cancelRelease(chen, r.id, { reason: "Superseded by the rollback investigation." });
  });
}
