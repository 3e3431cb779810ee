// Failure-mode coverage on a real store: every input written through the same lib functions the API routes call,
// then read back as a user sees it. A version with every signal live has no blind spot; a version missing one input
// is blind exactly where that input's signal is, and says why; firing alerts of each kind land on their mode.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { transact } from "@/db/client";
import { models, modelVersions } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { ingestDataQuality } from "@/lib/dataquality/ingest";
import { putReference } from "@/lib/drift/reference";
import { createModel } from "@/lib/inventory/models";
import { createVersion } from "@/lib/inventory/versions";
import { createKpiDefinition } from "@/lib/kpis/definitions";
import { ingestKpis } from "@/lib/kpis/ingest";
import { reportDeployment } from "@/lib/operations/deployments";
import { ingestResources } from "@/lib/operations/resources";
import { updatePolicy } from "@/lib/releases/policies";
import { DEFAULT_POLICY } from "@/lib/releases/policy";
import { previewChecks } from "@/lib/releases/requests";
import { recordSecurityEvent } from "@/lib/security/record";
import { settle } from "@/lib/slo/evaluate";
import { ingestTelemetry } from "@/lib/telemetry/ingest";
import { useFreshStore } from "@/tests/store";
import { type ModeId, runbookLink } from "./modes";
import { portfolioCoverage, shownVersionCoverage, versionCoverage } from "./read";

const chen: Actor = { type: "user", userId: 1, email: "chen@example.com", name: "Chen", roles: ["contributor"] };
const ada: Actor = { type: "user", userId: 3, email: "ada@example.com", name: "Ada", roles: ["admin"] };
const WH = "postgres://warehouse:5432";
const NOW = Date.now();
const iso = (msAgo: number) => new Date(NOW - msAgo).toISOString();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function setStage(model: string, version: string, stage: "production" | "staging") {
  await transact(async (tx) => {
    const [m] = await tx.select().from(models).where(eq(models.name, model));
    await tx
      .update(modelVersions)
      .set({ stage })
      .where(and(eq(modelVersions.modelId, m.id), eq(modelVersions.version, version)));
  });
}

const amounts = Array.from({ length: 40 }, (_, i) => 10 + i);
const reference = (model: string, version: string) =>
  putReference(chen, model, version, { features: { amount: { type: "numeric", values: amounts } } });

/** Telemetry an hour (or `ago`) back, with a label when `labelled`. */
async function serve(model: string, version: string, o: { labelled: boolean; ago?: number }) {
  const events = Array.from({ length: 5 }, (_, i) => ({
    model,
    version,
    ts: iso((o.ago ?? HOUR) + i * 1000),
    latencyMs: 20 + i,
    status: "ok",
    features: { amount: 12 + i },
    prediction: 1,
    ...(o.labelled ? { label: i % 2 } : {}),
  }));
  await ingestTelemetry(chen, { contentType: "application/json", text: JSON.stringify({ events }) });
}

const resources = (model: string, version: string) =>
  ingestResources(chen, { points: [{ model, version, environment: "production", ts: iso(HOUR), cpu: 1.5, memoryMb: 900, replicas: 3 }] });
const deploy = (model: string, version: string, status: "completed" | "rolled_back" = "completed") =>
  reportDeployment(chen, { model, version, environment: "production", strategy: "canary", trafficPercent: 100, status, ts: iso(2 * DAY) });
const kpi = (model: string) => ingestKpis(chen, { points: [{ ts: iso(DAY), model, kpi: "approval_rate", value: 0.41 }] });

/** A model with every model-level input (deployment reports, KPI points) and its versions. */
async function model(name: string, o: { deployments?: boolean; kpis?: boolean; runbookUrl?: string } = {}) {
  await createModel(chen, { name, owner: chen.email, riskTier: "medium", ...(o.runbookUrl ? { runbookUrl: o.runbookUrl } : {}) });
  return o;
}

/** A version with every version-level input unless told otherwise. */
async function version(
  m: string,
  v: string,
  o: { reference?: boolean; labels?: boolean; telemetry?: boolean; lineage?: boolean; dataset?: string } = {},
) {
  const lineage = o.lineage ?? true;
  await createVersion(chen, m, { version: v, ...(lineage ? { inputs: [{ namespace: WH, name: o.dataset ?? `features.${m}` }] } : {}) });
  if (o.reference ?? true) await reference(m, v);
  // Without telemetry in 24 hours, the labels (when wanted) come with telemetry from three days ago.
  if (o.telemetry ?? true) await serve(m, v, { labelled: o.labels ?? true });
  else if (o.labels ?? true) await serve(m, v, { labelled: true, ago: 3 * DAY });
  if (o.telemetry ?? true) await resources(m, v);
}

const blindOf = async (m: string, v: string) => (await versionCoverage(chen, m, v, new Date(NOW))).blind;

function geResult(success: boolean) {
  return {
    success,
    results: [{ expectation_config: { type: "expect_column_values_to_not_be_null", kwargs: { column: "amount" } }, success }],
    statistics: { evaluated_expectations: 1, successful_expectations: success ? 1 : 0, unsuccessful_expectations: success ? 0 : 1 },
    meta: { expectation_suite_name: "nightly", validation_time: iso(HOUR) },
  };
}

describe("failure-mode coverage", () => {
  useFreshStore();

  it("is complete for a version with every input, and names the blind spot of a version missing one", async () => {
    await createKpiDefinition(ada, {
      name: "approval_rate",
      title: "Approval rate",
      unit: "%",
      higherIsBetter: true,
      aggregation: "mean",
      owner: chen.email,
    });
    await model("fraud", { runbookUrl: "https://runbooks.example.com/fraud#top" });
    await version("fraud", "1.0");
    await deploy("fraud", "1.0");
    await kpi("fraud");
    await version("fraud", "no-ref", { reference: false });
    await version("fraud", "no-labels", { labels: false });
    await version("fraud", "no-telemetry", { telemetry: false });
    await version("fraud", "no-lineage", { lineage: false });

    await model("quiet");
    await version("quiet", "1.0");
    await kpi("quiet");
    await model("nokpi");
    await version("nokpi", "1.0");
    await deploy("nokpi", "1.0");

    const full = await versionCoverage(chen, "fraud", "1.0", new Date(NOW));
    expect(full.blind).toEqual([]);
    expect(full.modes.map((m) => [m.mode, m.live, m.state])).toEqual([
      ["F1", true, "ok"],
      ["F2", true, "ok"],
      ["F3", true, "ok"],
      ["F4", true, "ok"],
      ["F5", true, "ok"],
      ["F6", true, "ok"],
      ["F7", true, "ok"],
      ["F8", true, "ok"],
    ]);
    // The model's runbook, at each mode's anchor (its own anchor replaced).
    expect(full.modes.find((m) => m.mode === "F6")?.runbookUrl).toBe("https://runbooks.example.com/fraud#f6");
    expect(full.modes.every((m) => m.reason === null && m.note === null)).toBe(true);

    expect(await blindOf("fraud", "no-ref")).toEqual(["F5", "F6"]);
    expect(await blindOf("fraud", "no-labels")).toEqual(["F2"]);
    expect(await blindOf("fraud", "no-telemetry")).toEqual(["F3"]);
    expect(await blindOf("fraud", "no-lineage")).toEqual(["F1"]);
    expect(await blindOf("quiet", "1.0")).toEqual(["F4", "F7"]);
    expect(await blindOf("nokpi", "1.0")).toEqual(["F4"]);

    const noRef = await versionCoverage(chen, "fraud", "no-ref", new Date(NOW));
    const f5 = noRef.modes.find((m) => m.mode === "F5");
    expect(f5).toMatchObject({ live: false, state: "unknown", detail: null });
    expect(f5?.reason).toBe("No reference profile (PUT …/reference), so served features have nothing to be compared with.");
    expect((await versionCoverage(chen, "fraud", "no-labels", new Date(NOW))).modes[1].reason).toBe(
      "No labels joined to this version's predictions in 7 days (POST /api/v1/labels).",
    );
    expect((await versionCoverage(chen, "quiet", "1.0", new Date(NOW))).modes[6].reason).toBe(
      "No deployment reports for this model (POST /api/v1/deployments), so rollouts are not watched.",
    );
    // No runbook on the model: the portal's guide, at the mode's section.
    expect((await versionCoverage(chen, "quiet", "1.0", new Date(NOW))).modes[0].runbookUrl).toBe("/docs/failure-modes#f1");
  });

  it("counts upstream validation for F6: live without a reference profile, a warning naming a failing dataset", async () => {
    await model("loans");
    await createVersion(chen, "loans", { version: "1.0", inputs: [{ namespace: WH, name: "features.loans" }] });
    expect(await blindOf("loans", "1.0")).toEqual(["F2", "F3", "F4", "F5", "F6", "F7"]);

    await ingestDataQuality(chen, { dataset: { namespace: WH, name: "features.loans" }, result: geResult(true) }, {});
    const passing = await versionCoverage(chen, "loans", "1.0", new Date(NOW));
    expect(passing.blind).toEqual(["F2", "F3", "F4", "F5", "F7"]);
    expect(passing.modes[5]).toMatchObject({ mode: "F6", live: true, state: "ok", detail: null });

    await ingestDataQuality(chen, { dataset: { namespace: WH, name: "features.loans" }, result: geResult(false) }, {});
    const failing = await versionCoverage(chen, "loans", "1.0", new Date(NOW));
    expect(failing.modes[5]).toMatchObject({
      mode: "F6",
      live: true,
      state: "warning",
      detail: "The latest validation of 1 upstream dataset failed: features.loans.",
    });
  });

  it("maps firing alerts of each kind to their failure mode's state", async () => {
    const ids = await transact(async (tx) => {
      const [m] = await tx.select().from(models).where(eq(models.name, "fraud"));
      const [v] = await tx
        .select()
        .from(modelVersions)
        .where(and(eq(modelVersions.modelId, m.id), eq(modelVersions.version, "1.0")));
      return { modelId: m.id, versionId: v.id };
    });
    const fire = (kind: string, title: string, severity: "page" | "ticket" = "ticket", versionId: number | null = ids.versionId) =>
      transact((tx) =>
        settle(tx, new Date(NOW), {
          key: `${kind}:${title}`,
          kind,
          modelId: ids.modelId,
          model: "fraud",
          versionId,
          version: versionId ? "1.0" : null,
          sloId: null,
          severity,
          title,
          details: {},
        }),
      );
    await fire("schema_change", "raw.card_transactions: column amount retyped");
    await fire("quality", "fraud 1.0: accuracy 0.66 against at least 0.9");
    await fire("burn_rate", "fraud 1.0: latency SLO burning at 14.4×", "page");
    await fire("drift", "fraud 1.0: amount drifted");
    await fire("outlier", "fraud 1.0: 9% of amount outside the reference range");
    await fire("cold_start", "fraud 1.0: 5% errors in its first 10 minutes");
    await recordSecurityEvent({
      kind: "permission_denied",
      email: "mallory@example.com",
      method: "PUT",
      path: "/api/v1/models/fraud/versions/1.0/reference",
      reason: "needs evidence.write",
    });
    await recordSecurityEvent({
      kind: "permission_denied",
      email: "mallory@example.com",
      method: "GET",
      path: "/models/fraud/history",
      reason: "page: needs audit.read",
    });
    await reportDeployment(chen, {
      model: "fraud",
      version: "1.0",
      environment: "canary-eu",
      strategy: "canary",
      trafficPercent: 10,
      status: "rolled_back",
      ts: iso(DAY),
    });

    const c = await versionCoverage(chen, "fraud", "1.0", new Date(NOW));
    const state = Object.fromEntries(c.modes.map((m) => [m.mode, [m.state, m.detail]])) as Record<ModeId, [string, string | null]>;
    expect(state).toEqual({
      F1: ["firing", "raw.card_transactions: column amount retyped"],
      F2: ["firing", "fraud 1.0: accuracy 0.66 against at least 0.9"],
      F3: ["firing", "fraud 1.0: latency SLO burning at 14.4×"],
      F4: ["warning", "The latest rollout to canary-eu was rolled back."],
      F5: ["firing", "fraud 1.0: amount drifted"],
      F6: ["firing", "fraud 1.0: 9% of amount outside the reference range"],
      F7: ["firing", "fraud 1.0: 5% errors in its first 10 minutes"],
      F8: ["warning", "2 permission denials on this model's API in 24 hours."],
    });
    expect(c.blind).toEqual([]);

    // A retraining pipeline's failure is the model's (no version): it speaks for concept drift on each of its versions.
    await fire("pipeline", "fraud: retraining pipeline nightly failed", "ticket", null);
    const other = await versionCoverage(chen, "fraud", "no-lineage", new Date(NOW));
    expect(other.modes[1]).toMatchObject({ mode: "F2", state: "firing", detail: "fraud: retraining pipeline nightly failed" });
  });

  it("counts the production portfolio's blind spots per failure mode", async () => {
    // In production: fraud 1.0 (none blind), quiet 1.0 (F4, F7), nokpi 1.0 (F4), loans 1.0 (F2, F3, F4, F5, F7).
    for (const [m, v] of [
      ["fraud", "1.0"],
      ["quiet", "1.0"],
      ["nokpi", "1.0"],
      ["loans", "1.0"],
    ])
      await setStage(m, v, "production");
    const p = await portfolioCoverage(chen, new Date(NOW));
    expect(p.versions).toBe(4);
    expect(Object.fromEntries(p.counts.map((c) => [c.mode, c.blind]))).toEqual({ F1: 0, F2: 1, F3: 1, F4: 3, F5: 1, F6: 0, F7: 2, F8: 0 });
    expect(p.items.map((i) => `${i.model} ${i.version}: ${i.blind.join(",")}`)).toEqual([
      "fraud 1.0: ",
      "loans 1.0: F2,F3,F4,F5,F7",
      "nokpi 1.0: F4",
      "quiet 1.0: F4,F7",
    ]);
    // The model page shows the production version; a model with none in production, its newest.
    expect((await shownVersionCoverage(chen, "fraud", new Date(NOW)))?.version).toBe("1.0");
    await setStage("loans", "1.0", "staging");
    expect((await portfolioCoverage(chen, new Date(NOW))).versions).toBe(3);
    expect((await shownVersionCoverage(chen, "loans", new Date(NOW)))?.stage).toBe("staging");
  });

  it("warns a production candidate blind to more failure modes than the release policy allows", async () => {
    const check = async (m: string, v: string, target: "production" | "staging" = "production") =>
      (await previewChecks(chen, m, v, target)).checks.find((c) => c.name === "monitoring_coverage");
    // fraud 2.0 has its own reference profile and lineage inputs but has not served yet: the telemetry, labels and
    // resource points of fraud 1.0, in production, say the model's serving path will watch it as well.
    await version("fraud", "2.0", { telemetry: false, labels: false });
    expect(await check("fraud", "2.0")).toMatchObject({
      status: "pass",
      detail: "Every one of the eight failure modes has a live signal.",
    });
    // No reference profile of its own: blind to F5 and F6, which the default policy (at most 2) allows.
    expect(await check("fraud", "no-ref")).toMatchObject({
      status: "pass",
      blocking: false,
      detail: "Blind to 2 of the eight failure modes (at most 2 allowed): F5 feature mismatch, F6 poisoning and adversarial inputs.",
    });
    // loans 2.0: nothing but its lineage input, and no version of loans serves: blind to five, a warning.
    await createVersion(chen, "loans", { version: "2.0", inputs: [{ namespace: WH, name: "features.loans" }] });
    expect(await check("loans", "2.0")).toMatchObject({
      status: "warn",
      blocking: false,
      detail:
        "Blind to 5 of the eight failure modes, more than the 2 the policy allows: F2 concept drift, F3 latency spikes, F4 silent regressions, F5 feature mismatch, F7 cold starts.",
    });
    expect(await check("loans", "2.0", "staging")).toBeUndefined();

    await updatePolicy(ada, {
      ...DEFAULT_POLICY,
      checks: { ...DEFAULT_POLICY.checks, monitoring_coverage: { maxBlindSpots: 1, mode: "block" } },
    });
    expect(await check("fraud", "no-ref")).toMatchObject({ status: "fail", blocking: true });
    expect(await check("fraud", "2.0")).toMatchObject({ status: "pass" });
  });

  it("links the model's runbook at the mode's anchor, else the in-portal guide", () => {
    expect(runbookLink("https://wiki.example.com/runbooks/fraud", "F6")).toBe("https://wiki.example.com/runbooks/fraud#f6");
    expect(runbookLink("https://wiki.example.com/runbooks/fraud#old", "F1")).toBe("https://wiki.example.com/runbooks/fraud#f1");
    expect(runbookLink(null, "F8")).toBe("/docs/failure-modes#f8");
  });
});
