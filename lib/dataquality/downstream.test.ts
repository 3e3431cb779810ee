// Failures of a Great Expectations validation travel down lineage: they show on the dataset, on every model version
// made from it (at any depth), in the on-call count once such a version is in production, and as the data_quality
// release check: a warning under the default policy, blocking when the policy says so. Real store, real ingest.
import fs from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { transact } from "@/db/client";
import { models, modelVersions } from "@/db/schema";
import { createModel } from "@/lib/inventory/models";
import { createVersion } from "@/lib/inventory/versions";
import { lineageNode } from "@/lib/lineage/graph";
import { ingestLineage } from "@/lib/lineage/ingest";
import { syncDeployments } from "@/lib/lineage/link";
import { versionLineage } from "@/lib/lineage/views";
import { currentPolicy, updatePolicy } from "@/lib/releases/policies";
import { previewChecks } from "@/lib/releases/requests";
import { person } from "@/tests/actors";
import { useFreshStore } from "@/tests/store";
import { ingestDataQuality } from "./ingest";
import { failingUpstreamOfProduction } from "./read";

const chen = person("Chen", ["contributor"], 1);
const ada = person("Ada", ["admin"], 3);
const DIR = path.resolve(__dirname, "../../tests/corpora/great-expectations");
const load = (f: string) => JSON.parse(fs.readFileSync(path.join(DIR, f), "utf8")) as Record<string, unknown>;
const WH = "postgres://warehouse:5432";
const enc = encodeURIComponent;
const ds = (name: string) => `dataset:${enc(WH)}:${enc(name)}`;

async function setStage(model: string, version: string, stage: "production" | "staging") {
  await transact(async (tx) => {
    const [m] = await tx.select().from(models).where(eq(models.name, model));
    await tx
      .update(modelVersions)
      .set({ stage })
      .where(and(eq(modelVersions.modelId, m.id), eq(modelVersions.version, version)));
    await syncDeployments(tx, model);
  });
}

describe("data-quality failures downstream", () => {
  useFreshStore();

  it("reach the dataset, the versions made from it, the on-call count and the release check", async () => {
    // raw.titanic → clean_titanic → features.titanic → survival 1.0; survival 2.0 is made from other.table only.
    await ingestLineage(chen, {
      eventType: "COMPLETE",
      eventTime: "2026-11-01T01:00:00Z",
      producer: "https://example.com/producer",
      schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
      run: { runId: "0d4f4a8e-2b6f-4c1e-9d55-5b7a1f0c3e21" },
      job: { namespace: "etl", name: "clean_titanic" },
      inputs: [{ namespace: WH, name: "raw.titanic" }],
      outputs: [{ namespace: WH, name: "features.titanic" }],
    });
    await createModel(chen, { name: "survival", owner: chen.email, riskTier: "medium" });
    await createVersion(chen, "survival", { version: "1.0", inputs: [{ namespace: WH, name: "features.titanic" }] });
    await createVersion(chen, "survival", { version: "2.0", inputs: [{ namespace: WH, name: "other.table" }] });

    // GE's failing 0.x result (4 of 10 failed) on raw.titanic; GE's passing one (2 of 2) on features.titanic.
    await ingestDataQuality(chen, load("titanic_expected_data_asset_validate_results_with_exceptions.json"), {
      namespace: WH,
      name: "raw.titanic",
    });
    await ingestDataQuality(chen, load("datetime_column_evrs.json"), { namespace: WH, name: "features.titanic" });

    // (a) the dataset's own panel
    const raw = await lineageNode(chen, { node: ds("raw.titanic") });
    expect(raw.dataQuality.latest).toMatchObject({ success: false, evaluated: 10, unsuccessful: 4, suite: "titanic" });
    expect(raw.dataQuality.recent).toHaveLength(1);
    const features = await lineageNode(chen, { node: ds("features.titanic") });
    expect(features.dataQuality.latest).toMatchObject({ success: true, evaluated: 2, successful: 2 });

    // (b) the version made from it, three hops down, lists exactly the failing dataset; the other version none.
    const v1 = await versionLineage(chen, "survival", "1.0");
    expect(v1?.failingDataQuality.map((r) => [r.dataset.name, r.unsuccessful, r.evaluated])).toEqual([["raw.titanic", 4, 10]]);
    const v2 = await versionLineage(chen, "survival", "2.0");
    expect(v2?.failingDataQuality).toEqual([]);

    // (c) not in the on-call count until a version it feeds is in production
    expect(await failingUpstreamOfProduction(chen)).toEqual([]);
    await setStage("survival", "1.0", "production");
    const onCall = await failingUpstreamOfProduction(chen);
    expect(onCall.map((f) => [f.result.dataset.name, f.production.map((p) => `${p.model} ${p.version}`)])).toEqual([
      ["raw.titanic", ["survival 1.0"]],
    ]);

    // (d) the release check: a warning by default, naming the dataset …
    const byDefault = (await previewChecks(chen, "survival", "1.0", "staging")).checks.find((c) => c.name === "data_quality");
    expect(byDefault).toMatchObject({
      status: "warn",
      blocking: false,
      detail: "The latest validation of 1 upstream dataset failed: raw.titanic.",
    });
    expect(byDefault?.evidence).toEqual([
      { type: "lineage", id: ds("raw.titanic"), label: "raw.titanic: 4 of 10 failed", href: `/lineage?node=${enc(ds("raw.titanic"))}` },
    ]);
    // … not listed for a version with no validated dataset upstream …
    expect((await previewChecks(chen, "survival", "2.0", "staging")).checks.map((c) => c.name)).not.toContain("data_quality");
    // … blocking once the policy says so …
    const rules = (await currentPolicy()).rules;
    expect(rules.checks.data_quality).toBeUndefined(); // the stored default policy predates the rule and stays valid
    await updatePolicy(ada, { ...rules, checks: { ...rules.checks, data_quality: { mode: { staging: "block", production: "block" } } } });
    const blocked = (await previewChecks(chen, "survival", "1.0", "staging")).checks.find((c) => c.name === "data_quality");
    expect(blocked).toMatchObject({ status: "fail", blocking: true });
    // … and passing once a newer validation of raw.titanic passes.
    const fixed = load("datetime_column_evrs.json") as { meta: Record<string, unknown> };
    fixed.meta.run_time = "20261201T000000.000000Z";
    await ingestDataQuality(chen, fixed, { namespace: WH, name: "raw.titanic" });
    const passed = (await previewChecks(chen, "survival", "1.0", "staging")).checks.find((c) => c.name === "data_quality");
    expect(passed).toMatchObject({ status: "pass", detail: "The latest validation of each of the 2 validated datasets upstream passed." });
    expect(await failingUpstreamOfProduction(chen)).toEqual([]);
  });
});
