import { describe, expect, it } from "vitest";
import { SYSTEM } from "@/lib/auth/actor";
import { getModel } from "@/lib/inventory/models";
import { getRelease, listReleases } from "@/lib/releases/read";
import { ListReleasesQuery } from "@/lib/releases/schemas";
import { useFreshStore } from "@/tests/store";
import { seedPortfolio, seedUsers } from "./seed";

describe("the demo seed's releases (database)", () => {
  useFreshStore();

  it("has releases in every state and one rollback, made through the real workflow", async () => {
    await seedUsers(() => "seed-test-password-0123456789");
    expect(await seedPortfolio()).toBe(true);
    const all = (await listReleases(SYSTEM, ListReleasesQuery.parse({ limit: 100 }))).items;
    const seen = all.map((r) => [r.model, r.version, r.targetStage, r.kind, r.status]).sort();
    expect(seen).toEqual(
      [
        ["churn-predictor", "5.2.0", "production", "release", "changes_requested"],
        ["credit-default", "1.2.0", "production", "release", "pending"],
        ["demand-forecast", "1.1.0", "staging", "release", "approved"],
        ["dynamic-pricing", "2024.12", "production", "release", "rejected"],
        ["product-recs", "7.2.0", "production", "rollback", "approved"],
        ["product-recs", "7.3.0", "production", "release", "approved"],
        ["product-recs", "7.4.0", "staging", "release", "cancelled"],
        ["recidivism-risk", "2.2", "production", "release", "pending"],
      ].sort(),
    );
    // The rollback put 7.2.0 back; 7.3.0 is archived.
    const recs = await getModel(SYSTEM, "product-recs");
    expect(recs.productionVersion).toBe("7.2.0");
    expect(recs.versions.find((v) => v.version === "7.3.0")?.stage).toBe("archived");
    // The critical release waits for compliance; the recidivism one is blocked by its failed bias audit.
    const credit = all.find((r) => r.model === "credit-default");
    expect(credit).toMatchObject({ approvalCount: 1, requiredApprovals: 2, requiresCompliance: true });
    const recid = await getRelease(SYSTEM, all.find((r) => r.model === "recidivism-risk")?.id ?? "");
    expect(recid.checks.find((c) => c.name === "bias_audit")).toMatchObject({ status: "fail", blocking: true });
  });
});
