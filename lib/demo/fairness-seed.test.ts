import { describe, expect, it } from "vitest";
import { SYSTEM } from "@/lib/auth/actor";
import { listModelAudits } from "@/lib/fairness/audits";
import { useFreshStore } from "@/tests/store";
import { DEMO_AUDITS } from "./fairness";
import { seedPortfolio, seedUsers } from "./seed";

describe("the demo seed's bias audits (database)", () => {
  useFreshStore();

  it("stores audits that pass and audits that fail on several demo models", async () => {
    await seedUsers(() => "seed-test-password-0123456789");
    expect(await seedPortfolio()).toBe(true);
    const seen: [string, string, boolean][] = [];
    for (const model of new Set(DEMO_AUDITS.map((a) => a.model)))
      for (const a of await listModelAudits(SYSTEM, model)) seen.push([model, a.version, a.passed]);
    expect(seen.sort()).toEqual(DEMO_AUDITS.map((a) => [a.model, a.version, a.expect === "pass"]).sort());
    expect(seen.some(([, , p]) => p) && seen.some(([, , p]) => !p)).toBe(true);
  });
});
