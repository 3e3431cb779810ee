// API.md "Releases (approval workflow)" over real HTTP: a request judged by its evidence, approvals by risk tier,
// separation of duties, blocking checks, promotion and archiving in one go, request changes and resubmission, cancel,
// rollback, the review queue, the release policy, the audit trail and Idempotency-Key. Every model here is made fresh
// (unique names), so nothing depends on the demo portfolio the e2e server seeds.
import { randomUUID } from "node:crypto";
import { type APIRequestContext, expect, test } from "@playwright/test";
import { FULL_CARD } from "../../lib/cards/fixtures/cards";
import { E2E } from "../env";
import {
  adminApi,
  apiAs,
  auditEntries,
  bearerApi,
  detailPaths,
  disposeAll,
  expectError,
  expectNoAuditEntry,
  expectOneAuditEntry,
  expectStatus,
  type Role,
  roleClients,
  unique,
} from "./support";

type Tier = "low" | "medium" | "high" | "critical";
type Check = {
  name: string;
  title: string;
  status: string;
  blocking: boolean;
  detail: string;
  evidence: { type: string; id: string; label: string; href: string }[];
};
type Release = {
  id: string;
  kind: string;
  status: string;
  round: number;
  model: string;
  version: string;
  requiredApprovals: number;
  requiresCompliance: boolean;
  checks: Check[];
  approvals: { reviewer: string; decision: string; comment: string; round: number }[];
  decisions: { reviewer: string; decision: string; comment: string; round: number }[];
  decidedAt: string | null;
  checksEvaluatedAt: string;
  policyVersion: number;
  replaces: { version: string; stage: string } | null;
};

const CHEN = E2E.users.contributor;
const REVIEWER = E2E.users.reviewer;
const SAMIRA = E2E.users.reviewer2;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

let admin: APIRequestContext; // the bootstrap admin token (admin@example.com)
let as: Record<Role, APIRequestContext>; // chen (contributor), rafael (reviewer), greta (compliance), victor (viewer), admin
let priya: APIRequestContext; // a second contributor, who owns none of the models made here
let samira: APIRequestContext; // a second reviewer
let dual: APIRequestContext; // a user who is both contributor and reviewer: requester or owner, then would-be decider
let dualEmail: string;

test.beforeAll(async () => {
  admin = await adminApi();
  as = await roleClients();
  priya = await apiAs(E2E.users.contributor2);
  samira = await apiAs(SAMIRA);
  dualEmail = `${unique("dual")}@example.com`;
  await expectStatus(
    await admin.post("/api/v1/users", { data: { email: dualEmail, name: "Dana Osei", roles: ["contributor", "reviewer"] } }),
    201,
  );
  const t = await admin.post(`/api/v1/users/${encodeURIComponent(dualEmail)}/tokens`, {
    data: { name: "e2e releases", scopes: ["read", "write"] },
  });
  await expectStatus(t, 201);
  dual = await bearerApi((await t.json()).token);
});
test.afterAll(async () => disposeAll(admin, as, priya, samira, dual));

// ---- helpers ------------------------------------------------------------------------------------------------------

/**
 * A fresh model, registered by chen; owned by chen unless told otherwise, and then maintained by chen, who writes its
 * versions and evidence (only the owner, a maintainer or an admin may).
 */
async function newModel(tier: Tier, owner = CHEN): Promise<string> {
  const name = unique(`rel-${tier}`);
  const maintainers = owner === CHEN ? [] : [CHEN];
  await expectStatus(await as.contributor.post("/api/v1/models", { data: { name, owner, maintainers, riskTier: tier } }), 201);
  return name;
}

async function newVersion(model: string, version: string, fields: Record<string, unknown> = {}) {
  await expectStatus(await as.contributor.post(`/api/v1/models/${model}/versions`, { data: { version, ...fields } }), 201);
  return version;
}

const vpath = (model: string, version: string) => `/api/v1/models/${model}/versions/${version}`;
const fair = { tp: 500, fp: 100, tn: 900, fn: 100 };
const PASSING_AUDIT = {
  name: "holdout-fair",
  dataset: "holdout-2026Q4",
  sensitiveAttributes: ["sex"],
  referenceGroups: { sex: "male" },
  counts: [
    { attributes: { sex: "male" }, ...fair },
    { attributes: { sex: "female" }, ...fair },
  ],
};
// Selection rate 120 / 1,600 = 0.075 against the reference's 600 / 1,600 = 0.375: a ratio of 0.2, far below 0.8.
const FAILING_AUDIT = {
  ...PASSING_AUDIT,
  name: "holdout-skewed",
  counts: [
    { attributes: { sex: "male" }, ...fair },
    { attributes: { sex: "female" }, tp: 100, fp: 20, tn: 1380, fn: 100 },
  ],
};

async function addEvaluation(model: string, version: string): Promise<string> {
  const res = await as.contributor.post(`${vpath(model, version)}/evaluations`, {
    data: { dataset: "holdout-2026Q4", metrics: { auc: 0.91 } },
  });
  await expectStatus(res, 201);
  return (await res.json()).id;
}

async function saveCard(model: string, version: string, card: unknown = FULL_CARD, client = as.contributor) {
  const res = await client.put(`${vpath(model, version)}/card`, { data: card });
  await expectStatus(res, 200);
  return (await res.json()) as { revision: number; completeness: number };
}

async function addAudit(model: string, version: string, audit: unknown = PASSING_AUDIT): Promise<{ id: string; passed: boolean }> {
  const res = await as.contributor.post(`${vpath(model, version)}/bias-audits`, { data: audit });
  await expectStatus(res, 201);
  return res.json();
}

/** Everything the default policy blocks on for production: a complete card, an evaluation, a passed bias audit. */
async function giveEvidence(model: string, version: string) {
  await saveCard(model, version);
  await addEvaluation(model, version);
  expect((await addAudit(model, version)).passed).toBe(true);
}

function request(client: APIRequestContext, data: Record<string, unknown>, headers?: Record<string, string>) {
  return client.post("/api/v1/releases", { data, headers });
}

async function requested(client: APIRequestContext, data: Record<string, unknown>): Promise<Release> {
  const res = await request(client, { summary: "e2e release", ...data });
  await expectStatus(res, 201);
  return res.json();
}

const decide = (client: APIRequestContext, id: string, decision: string, comment = `${decision} from e2e`) =>
  client.post(`/api/v1/releases/${id}/decisions`, { data: { decision, comment } });

async function decided(client: APIRequestContext, id: string, decision: string, comment?: string): Promise<Release> {
  const res = await decide(client, id, decision, comment);
  await expectStatus(res, 200);
  return res.json();
}

async function getRelease(id: string, client = as.viewer): Promise<Release> {
  const res = await client.get(`/api/v1/releases/${id}`);
  await expectStatus(res, 200);
  return res.json();
}

async function stageOf(model: string, version: string): Promise<string> {
  const res = await as.viewer.get(vpath(model, version));
  await expectStatus(res, 200);
  return (await res.json()).stage;
}

async function releasesOf(model: string, query = ""): Promise<{ id: string; status: string }[]> {
  const res = await as.viewer.get(`/api/v1/releases?model=${model}${query}`);
  await expectStatus(res, 200);
  return (await res.json()).items;
}

async function queueOf(client: APIRequestContext): Promise<string[]> {
  const res = await client.get("/api/v1/releases?awaiting=me&limit=500");
  await expectStatus(res, 200);
  return (await res.json()).items.map((r: { id: string }) => r.id);
}

/** The release's audit trail as compliance reads it, oldest first. */
async function trailOf(id: string) {
  return auditEntries(as.compliance, { entityType: "release", entityId: id });
}

const statuses = (checks: Check[]) => checks.map((c) => [c.name, c.status]);

/** A model (owned by chen) whose 1.0 went to production and was then replaced by 2.0, so 1.0 is archived: all by releases. */
async function modelWithHistory(tier: Tier = "low"): Promise<string> {
  const model = await newModel(tier);
  for (const v of ["1.0", "2.0"]) {
    await newVersion(model, v);
    await giveEvidence(model, v);
    const r = await requested(as.contributor, { model, version: v, targetStage: "production" });
    if ((await decided(as.reviewer, r.id, "approve")).status === "pending") await decided(samira, r.id, "approve");
    expect((await getRelease(r.id)).status).toBe("approved");
  }
  expect([await stageOf(model, "1.0"), await stageOf(model, "2.0")]).toEqual(["archived", "production"]);
  return model;
}

// ---- requesting ---------------------------------------------------------------------------------------------------

test.describe("POST /api/v1/releases", () => {
  test("201 pending with the checks judged on the evidence, approvals by risk tier: low 1, medium 1, high 2, critical 2 with compliance", async () => {
    const want: Record<Tier, { requiredApprovals: number; requiresCompliance: boolean; bias: string }> = {
      low: { requiredApprovals: 1, requiresCompliance: false, bias: "warn" },
      medium: { requiredApprovals: 1, requiresCompliance: false, bias: "warn" },
      high: { requiredApprovals: 2, requiresCompliance: false, bias: "fail" },
      critical: { requiredApprovals: 2, requiresCompliance: true, bias: "fail" },
    };
    for (const tier of ["low", "medium", "high", "critical"] as Tier[]) {
      const model = await newModel(tier);
      await newVersion(model, "1.0");
      const data = {
        model,
        version: "1.0",
        targetStage: "production",
        summary: `First ${tier} release`,
        rollout: { strategy: "canary", canaryPercent: 10 },
      };
      const { res } = await expectOneAuditEntry(admin, () => request(priya, data), {
        status: 201,
        action: "release.requested",
        entityType: "release",
        actorEmail: E2E.users.contributor2,
      });
      const r = await res.json();
      expect(r, tier).toMatchObject({
        kind: "release",
        model,
        version: "1.0",
        riskTier: tier,
        owner: CHEN,
        targetStage: "production",
        summary: `First ${tier} release`,
        reason: null,
        rollout: { strategy: "canary", canaryPercent: 10 },
        status: "pending",
        round: 1,
        requestedBy: E2E.users.contributor2,
        decidedAt: null,
        requiredApprovals: want[tier].requiredApprovals,
        requiresCompliance: want[tier].requiresCompliance,
        approvals: [],
        decisions: [],
        replaces: null,
      });
      expect(r.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(r.requestedAt).toMatch(ISO_UTC);
      for (const c of r.checks) {
        expect(Object.keys(c)).toEqual(expect.arrayContaining(["name", "status", "detail", "evidence"]));
        expect(Array.isArray(c.evidence)).toBe(true);
      }
      // No evidence yet: the card and the evaluation block production; the bias audit blocks high and critical only.
      expect(statuses(r.checks), tier).toEqual([
        ["card_completeness", "fail"],
        ["bias_audit", want[tier].bias],
        ["evaluation", "fail"],
        ["lineage_inputs", "warn"],
        ["no_page_alert", "pass"],
        ["monitoring_coverage", "warn"],
        ["open_findings", "pass"],
      ]);
      const byName = Object.fromEntries((r.checks as Check[]).map((c) => [c.name, c]));
      expect(byName.card_completeness).toMatchObject({
        blocking: true,
        detail: "No model card yet; it must be at least 80% complete.",
        evidence: [],
      });
      expect(byName.bias_audit).toMatchObject({
        blocking: want[tier].bias === "fail",
        detail: "No bias audit of this version yet.",
        evidence: [],
      });
      expect(byName.evaluation).toMatchObject({ blocking: true, detail: "No evaluation of this version is recorded.", evidence: [] });
      expect(byName.lineage_inputs.blocking).toBe(false);
      expect(byName.no_page_alert.detail).toBe("No version is in production, so there is nothing being replaced.");

      // The model and the version list it as open.
      const m = await (await as.viewer.get(`/api/v1/models/${model}`)).json();
      expect(m.openReleases.map((x: { id: string }) => x.id)).toEqual([r.id]);
      const v = await (await as.viewer.get(vpath(model, "1.0"))).json();
      expect(v.releases).toEqual([
        expect.objectContaining({ id: r.id, kind: "release", version: "1.0", targetStage: "production", status: "pending" }),
      ]);
    }
  });

  test("to staging: the card and the bias audit only warn, recorded inputs pass, the evaluation still blocks", async () => {
    const model = await newModel("high");
    await newVersion(model, "1.0", { inputs: [{ namespace: "warehouse", name: "loans" }] });
    const r = await requested(as.contributor, { model, version: "1.0", targetStage: "staging" });
    expect(r.checks.map((c) => [c.name, c.status, c.blocking])).toEqual([
      ["card_completeness", "warn", false],
      ["bias_audit", "fail", true], // by risk tier, for both targets: high blocks
      ["evaluation", "fail", true],
      ["lineage_inputs", "pass", false],
      ["no_page_alert", "pass", false],
      ["open_findings", "pass", true],
    ]);
    expect(r.checks.find((c) => c.name === "lineage_inputs")).toMatchObject({
      detail: "Trained on 1 recorded input.",
      evidence: [{ type: "lineage", id: "warehouse/loans", label: "warehouse · loans", href: `/models/${model}/versions/1.0#inputs` }],
    });
  });

  test("400 names each bad field, 404 an unknown model or version, 403 for those who may not request; nothing is stored", async () => {
    const model = await newModel("medium");
    await newVersion(model, "1.0");
    const ok = { model, version: "1.0", targetStage: "production", summary: "Ship it" };
    const cases: [Record<string, unknown>, string[]][] = [
      [{ ...ok, targetStage: "prod" }, ["targetStage"]],
      [{ model, version: "1.0", targetStage: "production" }, ["summary"]],
      [{ ...ok, summary: "   " }, ["summary"]],
      [{ ...ok, rollout: { strategy: "full", canaryPercent: 10 } }, ["rollout.canaryPercent"]],
      [{ ...ok, rollout: { strategy: "big-bang" } }, ["rollout.strategy"]],
      [{ ...ok, rollout: { strategy: "canary", canaryPercent: 100 } }, ["rollout.canaryPercent"]],
      [{ ...ok, model: "Not A Slug!" }, ["model"]],
      [{ ...ok, approver: "me" }, ["approver"]],
      [{ model, version: "1.0", targetStage: "prod" }, ["targetStage", "summary"]],
    ];
    for (const [data, paths] of cases) {
      const res = await expectNoAuditEntry(admin, () => request(as.contributor, data), 400);
      expect(await detailPaths(res), JSON.stringify(data)).toEqual(paths);
    }
    const empty = await as.contributor.post("/api/v1/releases", { headers: { "content-type": "application/json" }, data: Buffer.alloc(0) });
    expect(await detailPaths(empty)).toEqual(["body"]);
    await expectError(
      await as.contributor.post("/api/v1/releases", { headers: { "content-type": "text/plain" }, data: JSON.stringify(ok) }),
      415,
    );

    await expectError(
      await expectNoAuditEntry(admin, () => request(as.contributor, { ...ok, model: unique("no-such-model") }), 404),
      404,
      "not_found",
    );
    const noVersion = await expectError(
      await expectNoAuditEntry(admin, () => request(as.contributor, { ...ok, version: "9.9.9" }), 404),
      404,
      "not_found",
    );
    expect(noVersion.message).toContain("9.9.9");

    // Reviewers, compliance, viewers and admins do not request releases: contributors do.
    for (const role of ["viewer", "reviewer", "compliance", "admin"] as Role[])
      await expectError(await expectNoAuditEntry(admin, () => request(as[role], ok), 403), 403, "forbidden");

    // A retired version cannot be released.
    await newVersion(model, "0.9");
    await expectStatus(await as.contributor.post(`${vpath(model, "0.9")}/retire`, { data: { reason: "superseded" } }), 200);
    await expectError(await request(as.contributor, { ...ok, version: "0.9" }), 422, "version_retired");

    expect(await releasesOf(model)).toEqual([]);
  });

  test("409 release_open on a second open request for the same version and target; one release is stored", async () => {
    const model = await newModel("low");
    await newVersion(model, "1.0");
    const first = await requested(as.contributor, { model, version: "1.0", targetStage: "production" });
    const again = await expectNoAuditEntry(
      admin,
      () => request(priya, { model, version: "1.0", targetStage: "production", summary: "Me too" }),
      409,
    );
    expect((await expectError(again, 409, "release_open")).message).toContain("open already");
    expect((await releasesOf(model)).map((r) => r.id)).toEqual([first.id]);
  });

  test("Idempotency-Key: the retry returns the same release and stores one; the same key with another body is 409", async () => {
    const model = await newModel("low");
    await newVersion(model, "1.0");
    const key = unique("idem");
    const data = { model, version: "1.0", targetStage: "staging", summary: "Retried by the pipeline" };
    const { res: first } = await expectOneAuditEntry(admin, () => request(as.contributor, data, { "idempotency-key": key }), {
      status: 201,
      action: "release.requested",
      entityType: "release",
    });
    const retry = await expectNoAuditEntry(admin, () => request(as.contributor, data, { "idempotency-key": key }), 201);
    expect(retry.headers()["idempotent-replayed"]).toBe("true");
    const a = await first.json();
    const b = await retry.json();
    expect(b.id).toBe(a.id);
    expect(b).toEqual(a);
    expect((await releasesOf(model)).map((r) => r.id)).toEqual([a.id]);

    await expectError(
      await request(as.contributor, { ...data, summary: "Something else" }, { "idempotency-key": key }),
      409,
      "idempotency_key_reused",
    );
    // Without the key, the same request is a second request: refused while the first is open.
    await expectError(await request(as.contributor, data), 409, "release_open");
    expect(await releasesOf(model)).toHaveLength(1);
  });
});

// ---- deciding -----------------------------------------------------------------------------------------------------

test.describe("POST /api/v1/releases/{id}/decisions", () => {
  test("403 separation_of_duties for the requester and for the model's owner, even when they are reviewers", async () => {
    // dual requests a release of chen's model, then tries to decide it.
    const chens = await newModel("low");
    await newVersion(chens, "1.0");
    await addEvaluation(chens, "1.0");
    const mine = await requested(dual, { model: chens, version: "1.0", targetStage: "staging" });
    for (const d of ["approve", "reject", "request_changes"]) {
      const e = await expectError(await expectNoAuditEntry(admin, () => decide(dual, mine.id, d), 403), 403, "separation_of_duties");
      expect(e.message).toBe("You requested this release, so someone else must decide it.");
    }

    // chen requests a release of a model dual owns; dual may not decide it either.
    const duals = await newModel("low", dualEmail);
    await newVersion(duals, "1.0");
    await addEvaluation(duals, "1.0");
    const theirs = await requested(as.contributor, { model: duals, version: "1.0", targetStage: "staging" });
    const e = await expectError(
      await expectNoAuditEntry(admin, () => decide(dual, theirs.id, "approve"), 403),
      403,
      "separation_of_duties",
    );
    expect(e.message).toBe("You own this model, so someone else must decide its release.");

    expect((await getRelease(mine.id)).decisions).toEqual([]);
    expect((await getRelease(theirs.id)).decisions).toEqual([]);
    // Anyone else with the reviewer role may: dual's own request is approved by rafael, and dual's model's by samira.
    expect((await decided(as.reviewer, mine.id, "approve")).status).toBe("approved");
    expect((await decided(samira, theirs.id, "approve")).status).toBe("approved");
    expect(await stageOf(chens, "1.0")).toBe("staging");
    expect(await stageOf(duals, "1.0")).toBe("staging");
  });

  test("a high-risk release: 403 for non-reviewers, 400 without a comment, 422 while checks fail, then two approvals promote 2.0 and archive 1.0", async () => {
    const model = await newModel("high");
    await newVersion(model, "1.0", { inputs: [{ namespace: "warehouse", name: "loans" }] });
    await giveEvidence(model, "1.0");
    // 1.0 reaches production the only way there is: its own approved release.
    const first = await requested(priya, { model, version: "1.0", targetStage: "production", summary: "First release" });
    // Every check passes but monitoring coverage, which warns: nothing watches a model that has never served.
    expect(first.checks.filter((c) => c.status !== "pass").map((c) => [c.name, c.status])).toEqual([["monitoring_coverage", "warn"]]);
    expect((await decided(as.reviewer, first.id, "approve")).status).toBe("pending");
    expect(await stageOf(model, "1.0")).toBe("development");
    expect((await decided(samira, first.id, "approve")).status).toBe("approved");
    expect(await stageOf(model, "1.0")).toBe("production");

    // 2.0, without evidence.
    await newVersion(model, "2.0");
    const r = await requested(as.contributor, { model, version: "2.0", targetStage: "production", summary: "Retrained on Q4" });
    expect(r).toMatchObject({ requiredApprovals: 2, requiresCompliance: false, replaces: { version: "1.0", stage: "production" } });
    expect(statuses(r.checks)).toEqual([
      ["card_completeness", "fail"],
      ["bias_audit", "fail"],
      ["evaluation", "fail"],
      ["lineage_inputs", "warn"],
      ["no_page_alert", "pass"],
      ["monitoring_coverage", "warn"],
      ["open_findings", "pass"],
    ]);
    expect(r.checks[4].detail).toBe("No page alert is firing on 1.0, the version in production.");

    // Only reviewers and compliance decide (the policy's code for anyone else: not_a_reviewer).
    for (const role of ["viewer", "contributor", "admin"] as Role[])
      await expectError(await expectNoAuditEntry(admin, () => decide(as[role], r.id, "reject"), 403), 403, "not_a_reviewer");

    // A decision needs a comment and a known decision.
    const bad: [unknown, string[]][] = [
      [{ decision: "approve" }, ["comment"]],
      [{ decision: "approve", comment: "   " }, ["comment"]],
      [{ decision: "ship-it", comment: "why not" }, ["decision"]],
      [{ comment: "no decision" }, ["decision"]],
      [{ decision: "reject", comment: "x", weight: 2 }, ["weight"]],
    ];
    for (const [data, paths] of bad) {
      const res = await expectNoAuditEntry(admin, () => as.reviewer.post(`/api/v1/releases/${r.id}/decisions`, { data }), 400);
      expect(await detailPaths(res), JSON.stringify(data)).toEqual(paths);
    }

    // An approve while blocking checks fail is 422 and stores nothing.
    const blocked = await expectError(
      await expectNoAuditEntry(admin, () => decide(as.reviewer, r.id, "approve", "looks fine"), 422),
      422,
      "checks_failed",
    );
    expect(blocked.message).toBe("It cannot be approved while a blocking check fails: Model card complete, Bias audit passed, Evaluated.");
    expect(await getRelease(r.id)).toMatchObject({ status: "pending", approvals: [], decisions: [] });

    // Partial evidence: an 11% card (one section of nine) and a failed audit still fail, and say so.
    const thin = await saveCard(model, "2.0", { modelDetails: { text: "Retrained on Q4." } });
    expect(thin).toMatchObject({ revision: 1, completeness: 11 });
    const skewed = await addAudit(model, "2.0", FAILING_AUDIT);
    expect(skewed.passed).toBe(false);
    let now = await getRelease(r.id);
    expect(statuses(now.checks)).toEqual([
      ["card_completeness", "fail"],
      ["bias_audit", "fail"],
      ["evaluation", "fail"],
      ["lineage_inputs", "warn"],
      ["no_page_alert", "pass"],
      ["monitoring_coverage", "warn"],
      ["open_findings", "pass"],
    ]);
    expect(now.checks[0].detail).toBe("The card is 11% complete; at least 80% is needed.");
    expect(now.checks[1]).toMatchObject({
      detail: "The latest bias audit, “holdout-skewed”, failed.",
      evidence: [{ type: "bias_audit", id: skewed.id }],
    });
    await expectError(await decide(as.reviewer, r.id, "approve"), 422, "checks_failed");

    // The evidence arrives: GET shows the checks evaluated again, now.
    expect(await saveCard(model, "2.0")).toMatchObject({ revision: 2, completeness: 100 });
    const evalId = await addEvaluation(model, "2.0");
    const audit = await addAudit(model, "2.0");
    const before = Date.now();
    now = await getRelease(r.id);
    expect(Date.parse(now.checksEvaluatedAt)).toBeGreaterThanOrEqual(before - 2000);
    expect(statuses(now.checks)).toEqual([
      ["card_completeness", "pass"],
      ["bias_audit", "pass"],
      ["evaluation", "pass"],
      ["lineage_inputs", "warn"],
      ["no_page_alert", "pass"],
      ["monitoring_coverage", "warn"],
      ["open_findings", "pass"],
    ]);
    expect(now.checks[0]).toMatchObject({
      detail: "The card is 100% complete (at least 80% needed).",
      evidence: [{ type: "card", id: "2", label: "Card revision 2", href: `/models/${model}/versions/2.0#card` }],
    });
    expect(now.checks[1]).toMatchObject({
      detail: "The latest bias audit, “holdout-fair”, passed.",
      evidence: [{ type: "bias_audit", id: audit.id, label: "Bias audit “holdout-fair”", href: `/audits/${audit.id}` }],
    });
    expect(now.checks[2]).toMatchObject({
      detail: "1 evaluation recorded.",
      evidence: [{ type: "evaluation", id: evalId, label: "holdout-2026Q4" }],
    });

    // The preview a requester sees before asking says the same.
    const preview = await as.viewer.get(`${vpath(model, "2.0")}/release-checks?targetStage=production`);
    await expectStatus(preview, 200);
    const p = await preview.json();
    expect(p).toMatchObject({ requiredApprovals: 2, requiresCompliance: false, replaces: "1.0", policyVersion: r.policyVersion });
    expect(p.checks).toEqual(now.checks);

    // First approval: still pending, still in development.
    const half = await expectOneAuditEntry(admin, () => decide(as.reviewer, r.id, "approve", "Evidence is in order"), {
      status: 200,
      action: "release.approval_recorded",
      entityType: "release",
      entityId: r.id,
      actorEmail: REVIEWER,
    });
    const halfBody: Release = await half.res.json();
    expect(halfBody).toMatchObject({
      status: "pending",
      decidedAt: null,
      approvals: [{ reviewer: REVIEWER, decision: "approve", comment: "Evidence is in order", round: 1 }],
    });
    expect(await stageOf(model, "2.0")).toBe("development");
    // One decision per reviewer.
    await expectError(await expectNoAuditEntry(admin, () => decide(as.reviewer, r.id, "approve"), 409), 409, "already_decided");
    await expectError(await expectNoAuditEntry(admin, () => decide(as.reviewer, r.id, "reject"), 409), 409, "already_decided");

    // Second approval: approved; 2.0 in production and 1.0 archived, together.
    const done = await decided(samira, r.id, "approve", "Agreed");
    expect(done).toMatchObject({ status: "approved", round: 1 });
    expect(done.decidedAt).toMatch(ISO_UTC);
    expect(done.approvals.map((a) => a.reviewer)).toEqual([REVIEWER, SAMIRA]);
    expect(await stageOf(model, "2.0")).toBe("production");
    expect(await stageOf(model, "1.0")).toBe("archived");
    const m = await (await as.viewer.get(`/api/v1/models/${model}`)).json();
    expect(m.productionVersion).toBe("2.0");
    expect(m.openReleases).toEqual([]);

    // A decided release takes no more decisions; its checks are shown as at the decision.
    await expectError(await expectNoAuditEntry(admin, () => decide(as.compliance, r.id, "reject", "too late"), 409), 409, "not_pending");
    await expectError(await decide(samira, r.id, "approve"), 409);
    const closed = await getRelease(r.id);
    expect(closed.checksEvaluatedAt).toBe(closed.decidedAt);
    expect(closed.decisions.map((d) => [d.reviewer, d.decision])).toEqual([
      [REVIEWER, "approve"],
      [SAMIRA, "approve"],
    ]);

    // The audit trail, as compliance reads it: requested, one approval recorded, approved, in that order.
    const trail = await trailOf(r.id);
    expect(trail.map((e) => e.action)).toEqual(["release.requested", "release.approval_recorded", "release.approved"]);
    expect(trail.map((e) => e.actor.email)).toEqual([CHEN, REVIEWER, SAMIRA]);
    expect(trail.map((e) => e.seq)).toEqual([...trail.map((e) => e.seq)].sort((a, b) => a - b));
    const archived = await auditEntries(as.compliance, { action: "version.archived", entityId: `${model}/1.0` });
    expect(archived).toHaveLength(1);
    expect(archived[0].after).toMatchObject({ stage: "archived", releaseId: r.id });
    const verify = await as.compliance.get("/api/v1/audit/verify");
    await expectStatus(verify, 200);
    expect(await verify.json()).toMatchObject({ ok: true });
  });

  test("a critical model needs a compliance approval among its two: two reviewers leave it pending, compliance approves it", async () => {
    const model = await newModel("critical");
    await newVersion(model, "1.0");
    await giveEvidence(model, "1.0");
    const r = await requested(priya, { model, version: "1.0", targetStage: "production" });
    expect(r).toMatchObject({ requiredApprovals: 2, requiresCompliance: true });
    expect((await decided(as.reviewer, r.id, "approve")).status).toBe("pending");
    const two = await decided(samira, r.id, "approve");
    expect(two.status).toBe("pending");
    expect(two.approvals).toHaveLength(2);
    expect(await stageOf(model, "1.0")).toBe("development");
    const done = await decided(as.compliance, r.id, "approve", "Compliant with the lending rules");
    expect(done.status).toBe("approved");
    expect(done.approvals.map((a) => a.reviewer)).toEqual([REVIEWER, SAMIRA, E2E.users.compliance]);
    expect(await stageOf(model, "1.0")).toBe("production");
  });

  test("any reject rejects: the version stays where it was", async () => {
    const model = await newModel("high");
    await newVersion(model, "1.0");
    await giveEvidence(model, "1.0");
    const r = await requested(as.contributor, { model, version: "1.0", targetStage: "production" });
    await decided(as.reviewer, r.id, "approve");
    const rejected = await decided(samira, r.id, "reject", "The holdout predates the policy change");
    expect(rejected).toMatchObject({ status: "rejected" });
    expect(rejected.decidedAt).toMatch(ISO_UTC);
    expect(await stageOf(model, "1.0")).toBe("development");
    expect((await trailOf(r.id)).map((e) => e.action)).toEqual(["release.requested", "release.approval_recorded", "release.rejected"]);
  });
});

// ---- request changes, resubmit, cancel ----------------------------------------------------------------------------

test.describe("request changes, resubmit, cancel", () => {
  test("request_changes returns it to the requester, who alone resubmits; round 2 starts with no approvals", async () => {
    const model = await newModel("medium");
    await newVersion(model, "1.0");
    await addEvaluation(model, "1.0");
    const r = await requested(as.contributor, { model, version: "1.0", targetStage: "staging", summary: "To staging" });

    const back = await decided(as.reviewer, r.id, "request_changes", "Fill in the card first");
    expect(back).toMatchObject({ status: "changes_requested", round: 1, approvals: [] });
    expect(back.decisions).toEqual([
      expect.objectContaining({ reviewer: REVIEWER, decision: "request_changes", comment: "Fill in the card first", round: 1 }),
    ]);
    // Back with the requester: no decisions meanwhile.
    await expectError(await decide(samira, r.id, "approve"), 409, "not_pending");

    // Only the requester resubmits.
    const resubmit = (c: APIRequestContext, data?: unknown) =>
      c.post(`/api/v1/releases/${r.id}/resubmit`, data === undefined ? {} : { data });
    await expectError(await expectNoAuditEntry(admin, () => resubmit(priya, {}), 403), 403, "forbidden");
    for (const role of ["viewer", "reviewer", "compliance", "admin"] as Role[])
      await expectError(await expectNoAuditEntry(admin, () => resubmit(as[role], {}), 403), 403, "forbidden");
    expect(await detailPaths(await resubmit(as.contributor, { summary: "" }))).toEqual(["summary"]);
    expect(await detailPaths(await resubmit(as.contributor, { note: "x" }))).toEqual(["note"]);

    await saveCard(model, "1.0");
    const { res } = await expectOneAuditEntry(
      admin,
      () => resubmit(as.contributor, { summary: "To staging, card filled in", comment: "Card done" }),
      {
        status: 200,
        action: "release.resubmitted",
        entityType: "release",
        entityId: r.id,
        actorEmail: CHEN,
      },
    );
    const again: Release = await res.json();
    expect(again).toMatchObject({
      status: "pending",
      round: 2,
      summary: "To staging, card filled in",
      approvals: [],
      requiredApprovals: 1,
    });
    // Pending again, so not decided: nothing in round 2 has decided it yet (soft, so the rest of the flow still runs).
    expect.soft(again.decidedAt, "a resubmitted (pending) release has no decidedAt").toBeNull();
    expect.soft((await getRelease(r.id)).decidedAt, "GET of a resubmitted (pending) release: decidedAt").toBeNull();
    expect(again.decisions).toHaveLength(1);
    expect(again.checks.find((c) => c.name === "card_completeness")?.status).toBe("pass");
    await expectError(await resubmit(as.contributor, {}), 409, "not_changes_requested");

    // The reviewer who asked for changes decides again in round 2.
    const done = await decided(as.reviewer, r.id, "approve", "Better");
    expect(done).toMatchObject({ status: "approved", round: 2, approvals: [{ reviewer: REVIEWER, round: 2 }] });
    expect(done.decisions.map((d) => [d.decision, d.round])).toEqual([
      ["request_changes", 1],
      ["approve", 2],
    ]);
    expect(await stageOf(model, "1.0")).toBe("staging");
    expect((await trailOf(r.id)).map((e) => e.action)).toEqual([
      "release.requested",
      "release.changes_requested",
      "release.resubmitted",
      "release.approved",
    ]);
    await expectError(await resubmit(as.contributor, {}), 409, "not_changes_requested");
  });

  test("cancel: the requester (with or without a body) or an admin; 403 for others; 409 once closed; then the version may be requested again", async () => {
    const model = await newModel("low");
    for (const v of ["1.0", "1.1", "1.2"]) {
      await newVersion(model, v);
      await addEvaluation(model, v);
    }
    const cancel = (c: APIRequestContext, id: string, data: unknown = {}) => c.post(`/api/v1/releases/${id}/cancel`, { data });

    const a = await requested(as.contributor, { model, version: "1.0", targetStage: "staging" });
    await expectError(await expectNoAuditEntry(admin, () => cancel(priya, a.id), 403), 403, "forbidden");
    for (const role of ["viewer", "reviewer", "compliance"] as Role[])
      await expectError(await expectNoAuditEntry(admin, () => cancel(as[role], a.id), 403), 403);
    expect(await detailPaths(await cancel(as.contributor, a.id, { reason: 5 }))).toEqual(["reason"]);
    expect(await detailPaths(await cancel(as.contributor, a.id, { why: "x" }))).toEqual(["why"]);
    const { res, entry } = await expectOneAuditEntry(admin, () => cancel(as.contributor, a.id, { reason: "Superseded by 1.1" }), {
      status: 200,
      action: "release.cancelled",
      entityType: "release",
      entityId: a.id,
      actorEmail: CHEN,
    });
    const cancelled: Release = await res.json();
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.decidedAt).toMatch(ISO_UTC);
    expect(entry.after).toEqual({ status: "cancelled", reason: "Superseded by 1.1" });
    await expectError(await expectNoAuditEntry(admin, () => cancel(as.contributor, a.id), 409), 409, "not_pending");
    await expectError(await cancel(admin, a.id), 409, "not_pending");
    await expectError(await decide(as.reviewer, a.id, "approve"), 409, "not_pending");
    await expectError(await as.contributor.post(`/api/v1/releases/${a.id}/resubmit`, { data: {} }), 409, "not_changes_requested");
    expect(await stageOf(model, "1.0")).toBe("development");

    // No reason: an empty JSON object.
    const b = await requested(as.contributor, { model, version: "1.1", targetStage: "staging" });
    const { entry: noReason } = await expectOneAuditEntry(admin, () => cancel(as.contributor, b.id, {}), {
      status: 200,
      action: "release.cancelled",
      entityType: "release",
      entityId: b.id,
    });
    expect(noReason.after).toEqual({ status: "cancelled", reason: null });

    // An admin cancels someone else's.
    const c = await requested(priya, { model, version: "1.2", targetStage: "staging" });
    const byAdmin = await cancel(admin, c.id, { reason: "Freeze" });
    await expectStatus(byAdmin, 200);
    expect((await byAdmin.json()).status).toBe("cancelled");

    // A closed release does not block a new request; one returned for changes can be cancelled too.
    const d = await requested(as.contributor, { model, version: "1.0", targetStage: "staging", summary: "Once more" });
    await decided(as.reviewer, d.id, "request_changes", "Not yet");
    await expectStatus(await cancel(as.contributor, d.id, {}), 200);

    // The list, filtered: three cancelled and one more, newest first.
    const all = await releasesOf(model);
    expect(all.map((x) => x.id)).toEqual([d.id, c.id, b.id, a.id]);
    expect(all.map((x) => x.status)).toEqual(["cancelled", "cancelled", "cancelled", "cancelled"]);
    expect(await releasesOf(model, "&status=pending")).toEqual([]);
  });
});

test("cancel and resubmit take an empty POST: a zero-length JSON body, and no body and no Content-Type at all", async () => {
  const model = await newModel("low");
  for (const v of ["1.0", "1.1"]) {
    await newVersion(model, v);
    await addEvaluation(model, v);
  }
  // An empty body sent as JSON.
  const a = await requested(as.contributor, { model, version: "1.0", targetStage: "staging" });
  await decided(as.reviewer, a.id, "request_changes", "Say more in the summary");
  const json = { headers: { "content-type": "application/json" }, data: Buffer.alloc(0) };
  await expectStatus(await as.contributor.post(`/api/v1/releases/${a.id}/resubmit`, json), 200);
  await expectStatus(await as.contributor.post(`/api/v1/releases/${a.id}/cancel`, json), 200);

  // No body and no Content-Type, as `curl -X POST` sends it: the routes say "an empty POST cancels without a reason".
  const b = await requested(as.contributor, { model, version: "1.1", targetStage: "staging" });
  await decided(as.reviewer, b.id, "request_changes", "Say more in the summary");
  // Soft, so both routes are tried whatever the first answers.
  const resubmitted = await as.contributor.post(`/api/v1/releases/${b.id}/resubmit`);
  expect.soft(resubmitted.status(), `resubmit with no body → ${await resubmitted.text()}`).toBe(200);
  const cancelled = await as.contributor.post(`/api/v1/releases/${b.id}/cancel`);
  expect.soft(cancelled.status(), `cancel with no body → ${await cancelled.text()}`).toBe(200);
  expect((await getRelease(b.id)).status).toBe("cancelled");
});

// ---- rollback -----------------------------------------------------------------------------------------------------

test.describe("POST /api/v1/models/{name}/rollback", () => {
  test("422 with nothing in production or nothing replaced; 400 without a reason; 403 for viewers and other contributors", async () => {
    const model = await newModel("low");
    await newVersion(model, "1.0");
    const rollback = (c: APIRequestContext, data: unknown = { reason: "Error rate tripled" }, name = model) =>
      c.post(`/api/v1/models/${name}/rollback`, { data });

    await expectError(await expectNoAuditEntry(admin, () => rollback(as.reviewer), 422), 422, "nothing_in_production");
    await giveEvidence(model, "1.0");
    const r = await requested(as.contributor, { model, version: "1.0", targetStage: "production" });
    await decided(as.reviewer, r.id, "approve");
    expect(await stageOf(model, "1.0")).toBe("production");
    const none = await expectError(await expectNoAuditEntry(admin, () => rollback(as.reviewer), 422), 422, "nothing_to_roll_back");
    expect(none.message).toContain(model);

    for (const data of [{}, { reason: "" }, { reason: "   " }])
      expect(await detailPaths(await rollback(as.reviewer, data)), JSON.stringify(data)).toEqual(["reason"]);
    expect(await detailPaths(await rollback(as.reviewer, { reason: "x", version: "0.1" }))).toEqual(["version"]);
    await expectError(await rollback(as.viewer), 403, "forbidden");
    await expectError(await rollback(priya), 403, "forbidden"); // a contributor, but not the owner
    await expectError(await rollback(as.reviewer, undefined, unique("no-such-model")), 404, "not_found");
  });

  test("201 kind rollback: one approval from anyone but the requester, checks shown but not blocking; puts 1.0 back and archives 2.0", async () => {
    const model = await modelWithHistory("high");
    const { res } = await expectOneAuditEntry(
      admin,
      () => as.reviewer.post(`/api/v1/models/${model}/rollback`, { data: { reason: "Fraud losses doubled after 2.0" } }),
      {
        status: 201,
        action: "release.rollback_requested",
        entityType: "release",
        actorEmail: REVIEWER,
      },
    );
    const rb: Release & Record<string, unknown> = await res.json();
    expect(rb).toMatchObject({
      kind: "rollback",
      model,
      version: "1.0",
      targetStage: "production",
      status: "pending",
      requiredApprovals: 1,
      requiresCompliance: false,
      reason: "Fraud losses doubled after 2.0",
      summary: `Roll back ${model} from 2.0 to 1.0.`,
      requestedBy: REVIEWER,
      replaces: { version: "2.0", stage: "production" },
      approvals: [],
    });
    expect(rb.checks.length).toBeGreaterThan(0);
    expect(rb.checks.every((c) => c.blocking === false && c.status !== "fail")).toBe(true);

    await expectError(await as.compliance.post(`/api/v1/models/${model}/rollback`, { data: { reason: "Me too" } }), 409, "release_open");
    await expectError(await expectNoAuditEntry(admin, () => decide(as.reviewer, rb.id, "approve"), 403), 403, "separation_of_duties");
    await expectError(await decide(as.contributor, rb.id, "approve"), 403, "not_a_reviewer");

    const done = await decided(samira, rb.id, "approve", "Roll it back");
    expect(done).toMatchObject({ status: "approved", kind: "rollback" });
    expect(await stageOf(model, "1.0")).toBe("production");
    expect(await stageOf(model, "2.0")).toBe("archived");
    expect((await trailOf(rb.id)).map((e) => e.action)).toEqual(["release.rollback_requested", "release.rolled_back"]);

    // The owner (a contributor) may start one too: now it would put 2.0 back. The requester cancels it.
    const byOwner = await as.contributor.post(`/api/v1/models/${model}/rollback`, { data: { reason: "1.0 is slower than we remembered" } });
    await expectStatus(byOwner, 201);
    const back = await byOwner.json();
    expect(back).toMatchObject({ kind: "rollback", version: "2.0", replaces: { version: "1.0", stage: "production" }, requestedBy: CHEN });
    await expectStatus(await as.contributor.post(`/api/v1/releases/${back.id}/cancel`, { data: {} }), 200);
  });
});

// ---- the queue ----------------------------------------------------------------------------------------------------

test("?awaiting=me: what the caller may still decide, never their own request or their own model's", async () => {
  const chens = await newModel("high");
  await newVersion(chens, "1.0");
  await newVersion(chens, "2.0");
  const duals = await newModel("low", dualEmail);
  await newVersion(duals, "1.0");
  const r1 = await requested(as.contributor, { model: chens, version: "1.0", targetStage: "staging" }); // chen's, of chen's model
  const r2 = await requested(as.contributor, { model: duals, version: "1.0", targetStage: "staging" }); // chen's, of dual's model
  const r3 = await requested(dual, { model: chens, version: "2.0", targetStage: "staging" }); // dual's, of chen's model
  const mine = [r1.id, r2.id, r3.id];
  const inQueue = async (c: APIRequestContext) => (await queueOf(c)).filter((id) => mine.includes(id)).sort();

  expect(await inQueue(as.reviewer)).toEqual([...mine].sort());
  expect(await inQueue(as.compliance)).toEqual([...mine].sort());
  expect(await inQueue(dual)).toEqual([r1.id]);
  // The requester (a contributor, not a reviewer) and a viewer have nothing to decide.
  expect(await queueOf(as.contributor)).toEqual([]);
  expect(await queueOf(as.viewer)).toEqual([]);

  // Decided by rafael: off his queue; returned for changes: off everyone's.
  await expectError(await decide(as.reviewer, r1.id, "approve"), 422, "checks_failed"); // high: no evidence
  await decided(as.reviewer, r3.id, "reject", "No evaluation");
  await decided(samira, r1.id, "request_changes", "Add an evaluation");
  expect(await inQueue(as.reviewer)).toEqual([r2.id]);
  expect(await inQueue(samira)).toEqual([r2.id]);
  expect(await inQueue(dual)).toEqual([]);

  const mineRequested = await as.viewer.get(`/api/v1/releases?requestedBy=${encodeURIComponent(CHEN)}&model=${chens}`);
  expect((await mineRequested.json()).items.map((x: { id: string }) => x.id)).toEqual([r1.id]);
  expect(await detailPaths(await as.viewer.get("/api/v1/releases?awaiting=you"))).toEqual(["awaiting"]);
  expect(await detailPaths(await as.viewer.get("/api/v1/releases?status=approvedish"))).toEqual(["status"]);
});

test("GET /api/v1/releases: summaries newest first, filtered by model and status, paged with a cursor", async () => {
  const model = await newModel("low");
  const ids: string[] = [];
  for (const v of ["1.0", "1.1", "1.2"]) {
    await newVersion(model, v);
    await addEvaluation(model, v);
    ids.push((await requested(as.contributor, { model, version: v, targetStage: "staging" })).id);
  }
  await decided(as.reviewer, ids[0], "approve");
  const res = await as.viewer.get(`/api/v1/releases?model=${model}&limit=2`);
  await expectStatus(res, 200);
  const page1 = await res.json();
  expect(page1.items.map((x: { id: string }) => x.id)).toEqual([ids[2], ids[1]]);
  expect(page1.items[0]).toMatchObject({ model, version: "1.2", status: "pending", approvalCount: 0, failingChecks: 0 });
  expect(page1.items[0]).not.toHaveProperty("checks");
  expect(typeof page1.nextCursor).toBe("string");
  const page2 = await (
    await as.viewer.get(`/api/v1/releases?model=${model}&limit=2&cursor=${encodeURIComponent(page1.nextCursor)}`)
  ).json();
  expect(page2.items.map((x: { id: string }) => x.id)).toEqual([ids[0]]);
  expect(page2.items[0]).toMatchObject({ status: "approved", approvalCount: 1 });
  expect(page2.nextCursor).toBeNull();
  expect((await releasesOf(model, "&status=approved")).map((x) => x.id)).toEqual([ids[0]]);
  expect((await releasesOf(model, "&status=pending")).map((x) => x.id)).toEqual([ids[2], ids[1]]);
  expect(await detailPaths(await as.viewer.get(`/api/v1/releases?model=${model}&limit=501`))).toEqual(["limit"]);
});

// ---- preview, unknown ids -----------------------------------------------------------------------------------------

test("GET …/release-checks previews a request for either target; 400 on a bad target, 404 on an unknown version", async () => {
  const model = await newModel("medium");
  await newVersion(model, "1.0");
  await addEvaluation(model, "1.0");
  const url = `${vpath(model, "1.0")}/release-checks`;
  const prod = await (await as.viewer.get(`${url}?targetStage=production`)).json();
  expect(prod).toMatchObject({ requiredApprovals: 1, requiresCompliance: false, replaces: null });
  expect(prod.checks.map((c: Check) => [c.name, c.status, c.blocking])).toEqual([
    ["card_completeness", "fail", true],
    ["bias_audit", "warn", false],
    ["evaluation", "pass", true],
    ["lineage_inputs", "warn", false],
    ["no_page_alert", "pass", false],
    ["monitoring_coverage", "warn", false],
    ["open_findings", "pass", true],
  ]);
  // The default target is production.
  expect((await (await as.viewer.get(url)).json()).checks).toEqual(prod.checks);
  const staging = await (await as.viewer.get(`${url}?targetStage=staging`)).json();
  expect(statuses(staging.checks)).toEqual([
    ["card_completeness", "warn"],
    ["bias_audit", "warn"],
    ["evaluation", "pass"],
    ["lineage_inputs", "warn"],
    ["no_page_alert", "pass"],
    ["open_findings", "pass"],
  ]);
  expect(await detailPaths(await as.viewer.get(`${url}?targetStage=prod`))).toEqual(["targetStage"]);
  await expectError(await as.viewer.get(`${vpath(model, "9.9.9")}/release-checks`), 404, "not_found");
  await expectError(await as.viewer.get(`/api/v1/models/${unique("nope")}/versions/1.0/release-checks`), 404, "not_found");
  // Previewing stores nothing.
  expect(await releasesOf(model)).toEqual([]);
});

test("an unknown release id and a malformed one are 404 on every release route", async () => {
  for (const id of [randomUUID(), "not-a-uuid", "12345"]) {
    await expectError(await as.viewer.get(`/api/v1/releases/${id}`), 404, "not_found");
    await expectError(await decide(as.reviewer, id, "reject"), 404, "not_found");
    await expectError(await as.contributor.post(`/api/v1/releases/${id}/cancel`, { data: {} }), 404, "not_found");
    await expectError(await as.contributor.post(`/api/v1/releases/${id}/resubmit`, { data: {} }), 404, "not_found");
  }
});

// ---- the policy ---------------------------------------------------------------------------------------------------

test("GET /api/v1/policies/release for anyone; PUT for admins only, validated, a new version that later requests are judged by", async () => {
  const got = await as.viewer.get("/api/v1/policies/release");
  await expectStatus(got, 200);
  const original = await got.json();
  expect(original).toMatchObject({ version: expect.any(Number), createdBy: expect.any(String), createdAt: expect.stringMatching(ISO_UTC) });
  expect(original.history[0]).toMatchObject({ version: original.version });
  // API.md's default policy.
  expect(original.rules).toEqual({
    requiredApprovals: { low: 1, medium: 1, high: 2, critical: 2 },
    complianceApproval: ["critical"],
    checks: {
      card_completeness: { min: 80, mode: { staging: "warn", production: "block" } },
      bias_audit: { mode: { low: "warn", medium: "warn", high: "block", critical: "block" } },
      evaluation: { mode: { staging: "block", production: "block" } },
      lineage_inputs: { mode: { staging: "warn", production: "warn" } },
      no_page_alert: { mode: { staging: "warn", production: "warn" } },
    },
  });
  const rules = original.rules;
  const put = (c: APIRequestContext, data: unknown) => c.put("/api/v1/policies/release", { data });

  for (const role of ["viewer", "contributor", "reviewer", "compliance"] as Role[]) {
    await expectStatus(await as[role].get("/api/v1/policies/release"), 200);
    await expectError(await expectNoAuditEntry(admin, () => put(as[role], { rules }), 403), 403, "forbidden");
  }
  const bad: [unknown, string[]][] = [
    [{ rules: { ...rules, requiredApprovals: { ...rules.requiredApprovals, high: 0 } } }, ["rules.requiredApprovals.high"]],
    [{ rules: { ...rules, requiredApprovals: { ...rules.requiredApprovals, low: 11 } } }, ["rules.requiredApprovals.low"]],
    [{ rules: { ...rules, complianceApproval: ["extreme"] } }, ["rules.complianceApproval[0]"]],
    [
      { rules: { ...rules, checks: { ...rules.checks, evaluation: { mode: { staging: "maybe", production: "block" } } } } },
      ["rules.checks.evaluation.mode.staging"],
    ],
    [
      { rules: { ...rules, checks: { ...rules.checks, card_completeness: { ...rules.checks.card_completeness, min: 101 } } } },
      ["rules.checks.card_completeness.min"],
    ],
    [{}, ["rules"]],
  ];
  for (const [data, paths] of bad)
    expect(await detailPaths(await expectNoAuditEntry(admin, () => put(admin, data), 400)), JSON.stringify(data)).toEqual(paths);

  // A release requested under the current policy keeps it after the policy changes.
  const model = await newModel("low");
  await newVersion(model, "1.0");
  await newVersion(model, "2.0");
  await addEvaluation(model, "1.0");
  await addEvaluation(model, "2.0");
  const under1 = await requested(as.contributor, { model, version: "1.0", targetStage: "staging" });
  expect(under1).toMatchObject({ requiredApprovals: 1, policyVersion: original.version });

  try {
    const { res } = await expectOneAuditEntry(
      admin,
      () => put(admin, { rules: { ...rules, requiredApprovals: { ...rules.requiredApprovals, low: 2 } } }),
      { status: 200, action: "policy.updated", entityType: "policy", entityId: "release" },
    );
    const saved = await res.json();
    expect(saved).toMatchObject({
      version: original.version + 1,
      createdBy: E2E.users.admin,
      rules: { requiredApprovals: { low: 2, medium: 1, high: 2, critical: 2 } },
    });
    expect((await (await as.viewer.get("/api/v1/policies/release")).json()).version).toBe(original.version + 1);

    const under2 = await requested(as.contributor, { model, version: "2.0", targetStage: "staging" });
    expect(under2).toMatchObject({ requiredApprovals: 2, policyVersion: original.version + 1 });
    expect((await (await as.viewer.get(`${vpath(model, "2.0")}/release-checks?targetStage=staging`)).json()).requiredApprovals).toBe(2);
    expect((await decided(as.reviewer, under1.id, "approve")).status).toBe("approved");
    expect((await decided(as.reviewer, under2.id, "approve")).status).toBe("pending");
    expect((await decided(samira, under2.id, "approve")).status).toBe("approved");
  } finally {
    // Put the rules back so every other test is judged by the default.
    await expectStatus(await put(admin, { rules }), 200);
  }
  const restored = await (await as.viewer.get("/api/v1/policies/release")).json();
  expect(restored.rules).toEqual(rules);
  expect(restored.version).toBe(original.version + 2);
});
