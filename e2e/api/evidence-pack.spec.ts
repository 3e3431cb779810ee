// The evidence pack over real HTTP: compliance downloads a release's zip, its files say what happened, the audit
// extract's hashes recompute, a second download is the same bytes; a viewer or a contributor is refused. The model
// is made fresh, so nothing depends on the demo portfolio.
import { type APIRequestContext, expect, test } from "@playwright/test";
import { strFromU8, unzipSync } from "fflate";
import { type AuditEntry, entryHash } from "../../lib/audit/chain";
import { FULL_CARD } from "../../lib/cards/fixtures/cards";
import { E2E } from "../env";
import { anonymousApi, apiAs, disposeAll, expectError, expectStatus, type Role, roleClients, unique } from "./support";

let as: Record<Role, APIRequestContext>;
let anon: APIRequestContext;
let priya: APIRequestContext;
let model: string;
let releaseId: string;
let auditId: string;

test.beforeAll(async () => {
  as = await roleClients();
  anon = await anonymousApi();
  priya = await apiAs(E2E.users.contributor2);
  model = unique("pack");
  const c = as.contributor;
  await expectStatus(
    await c.post("/api/v1/models", { data: { name: model, owner: E2E.users.contributor, riskTier: "low", useCase: "Invoice triage" } }),
    201,
  );
  const inputs = [{ namespace: "warehouse", name: "invoices_2026" }];
  await expectStatus(
    await c.post(`/api/v1/models/${model}/versions`, {
      data: { version: "1.0", framework: "sklearn 1.6", gitCommit: "9c1e2d0", inputs, metrics: { f1: 0.81 } },
    }),
    201,
  );
  await expectStatus(await c.put(`/api/v1/models/${model}/versions/1.0/card`, { data: FULL_CARD }), 200);
  await expectStatus(
    await c.post(`/api/v1/models/${model}/versions/1.0/evaluations`, { data: { dataset: "holdout", metrics: { f1: 0.8 } } }),
    201,
  );
  const counts = { tp: 50, fp: 10, tn: 90, fn: 10 };
  const audit = await c.post(`/api/v1/models/${model}/versions/1.0/bias-audits`, {
    data: {
      name: "pack-audit",
      dataset: "holdout",
      sensitiveAttributes: ["region"],
      referenceGroups: { region: "north" },
      counts: [
        { attributes: { region: "north" }, ...counts },
        { attributes: { region: "south" }, ...counts },
      ],
    },
  });
  await expectStatus(audit, 201);
  auditId = (await audit.json()).id;
  const rel = await priya.post("/api/v1/releases", {
    data: { model, version: "1.0", targetStage: "staging", summary: "First staging release" },
  });
  await expectStatus(rel, 201);
  releaseId = (await rel.json()).id;
  await expectStatus(
    await as.reviewer.post(`/api/v1/releases/${releaseId}/decisions`, {
      data: { decision: "approve", comment: "Checks pass; staging only." },
    }),
    200,
  );
});
test.afterAll(async () => disposeAll(as, anon, priya));

const packPath = () => `/api/v1/releases/${releaseId}/evidence-pack`;

test("compliance downloads the pack: a zip named for the release, whose files say what happened", async () => {
  const res = await as.compliance.get(packPath());
  await expectStatus(res, 200);
  expect(res.headers()["content-type"]).toBe("application/zip");
  expect(res.headers()["content-disposition"]).toBe(`attachment; filename="evidence-${model}-1.0-${releaseId.slice(0, 8)}.zip"`);
  const files = Object.fromEntries(Object.entries(unzipSync(new Uint8Array(await res.body()))).map(([k, v]) => [k, strFromU8(v)]));
  expect(Object.keys(files)).toEqual([
    "README.md",
    "release.json",
    "policy.json",
    "checks.json",
    "model.json",
    "card.json",
    "card.md",
    "card.mct.json",
    "evaluations.json",
    `bias-audits/${auditId}.json`,
    "lineage.json",
    "history.json",
    "coverage.json",
    "coverage.csv",
    "reviews.json",
    "findings.json",
    "audit/entries.ndjson",
    "audit/proof.json",
    "audit/checkpoint.txt",
    "audit/log-key.txt",
    "audit/inclusion.json",
    "audit/verify.mjs",
  ]);
  const release = JSON.parse(files["release.json"]);
  expect(release).toMatchObject({ id: releaseId, status: "approved", requestedBy: E2E.users.contributor2, requiredApprovals: 1 });
  expect(release.decisions.map((d: { reviewer: string; comment: string }) => [d.reviewer, d.comment])).toEqual([
    [E2E.users.reviewer, "Checks pass; staging only."],
  ]);
  expect(JSON.parse(files["policy.json"]).version).toBe(release.policyVersion);
  expect(JSON.parse(files["card.json"])).toMatchObject({ revision: 1, completeness: 100 });
  expect(JSON.parse(files[`bias-audits/${auditId}.json`])).toMatchObject({ name: "pack-audit", passed: true, recordCount: 320 });
  expect(JSON.parse(files["lineage.json"])).toMatchObject({
    gitCommit: "9c1e2d0",
    inputs: [{ namespace: "warehouse", name: "invoices_2026" }],
  });
  expect(files["README.md"]).toContain("## 1. General description of the AI system");
  expect(files["README.md"]).toContain(`| 1 | ${release.decisions[0].reviewerName} <${E2E.users.reviewer}> |`);

  const entries: AuditEntry[] = files["audit/entries.ndjson"]
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  expect(entries.map((e) => e.action)).toEqual([
    "model.created",
    "version.created",
    "card.created",
    "evaluation.created",
    "bias_audit.created",
    "release.requested",
    "version.promoted",
    "release.approved",
  ]);
  for (const e of entries) expect(entryHash(e), `seq ${e.seq}`).toBe(e.hash);
  const proof = JSON.parse(files["audit/proof.json"]);
  expect(proof.covers).toEqual({ entries: 8, firstSeq: entries[0].seq, lastSeq: entries[7].seq });
  expect(proof.segment.complete).toBe(true);
});

test("two downloads, by compliance and by an admin, are the same bytes", async () => {
  const a = await as.compliance.get(packPath());
  const b = await as.admin.get(packPath());
  await expectStatus(a, 200);
  await expectStatus(b, 200);
  expect(Buffer.compare(await a.body(), await b.body())).toBe(0);
  expect(b.headers().etag).toBe(a.headers().etag);
});

test("a viewer, a contributor and a reviewer are refused; no credentials is 401; unknown and malformed ids are 404", async () => {
  for (const who of ["viewer", "contributor", "reviewer"] as const) await expectError(await as[who].get(packPath()), 403, "forbidden");
  await expectError(await anon.get(packPath()), 401, "unauthenticated");
  await expectError(await as.compliance.get("/api/v1/releases/00000000-0000-4000-8000-000000000000/evidence-pack"), 404, "not_found");
  await expectError(await as.compliance.get("/api/v1/releases/not-a-release/evidence-pack"), 404, "not_found");
});
