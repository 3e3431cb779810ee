import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AuditEntry, entryHash } from "@/lib/audit/chain";
import type { Actor } from "@/lib/auth/actor";
import type { Role } from "@/lib/auth/roles";
import { saveCard } from "@/lib/cards/cards";
import { FULL_CARD } from "@/lib/cards/fixtures/cards";
import { createBiasAudit } from "@/lib/fairness/audits";
import { createModel } from "@/lib/inventory/models";
import { addEvaluation, createVersion } from "@/lib/inventory/versions";
import { recordReview } from "@/lib/mrm/reviews";
import { decideRelease } from "@/lib/releases/decide";
import { updatePolicy } from "@/lib/releases/policies";
import { DEFAULT_POLICY } from "@/lib/releases/policy";
import { requestRelease } from "@/lib/releases/requests";
import { tokenOf } from "@/tests/actors";
import { useFreshStore } from "@/tests/store";
import { evidencePack } from "./pack";
import { checkProof, type PackProof } from "./proof";

let uid = 500;
const user = (email: string, ...roles: Role[]): Actor => ({ type: "user", userId: uid++, email, name: email.split("@")[0], roles });
const chen = user("chen@example.com", "contributor");
const priya = user("priya@example.com", "contributor");
const rafael = user("rafael@example.com", "reviewer");
const noor = user("noor@example.com", "reviewer");
const greta = user("greta@example.com", "compliance");
const amara = user("amara@example.com", "admin");
const victor = user("victor@example.com", "viewer");
const readOnlyToken: Actor = tokenOf(greta, ["write"], "t1");

const RUN = "0b7f2f0e-6c1d-4d4e-9a53-1f0c2a7e5d11";
const fair = { tp: 500, fp: 100, tn: 900, fn: 100 };
const skewed = { tp: 200, fp: 20, tn: 1200, fn: 300 };

async function failure(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return e as { status: number; code: string };
  }
  throw new Error("expected a failure");
}

type Files = Record<string, string>;
function unzip(bytes: Uint8Array): Files {
  return Object.fromEntries(Object.entries(unzipSync(bytes)).map(([k, v]) => [k, strFromU8(v)]));
}
const entriesOf = (f: Files): AuditEntry[] =>
  f["audit/entries.ndjson"]
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));

describe("evidence pack (database)", () => {
  useFreshStore();
  // Signed as in the demo and in production: the pack carries Merkle proofs against a signed checkpoint.
  const env = { ...process.env };
  const SEED = Buffer.from("c2c1d0f0a7e94b6b8d4b1d2e3f405162738495a6b7c8d9eafb0c1d2e3f405162", "hex");
  beforeAll(() => {
    process.env.AUDIT_SIGNING_KEY = SEED.toString("base64");
    process.env.AUDIT_LOG_ORIGIN = "pack.test/audit";
  });
  afterAll(() => {
    process.env = env;
  });

  it("holds an approved release whole, the same bytes every time, for compliance and admin only", async () => {
    await createModel(chen, { name: "credit-pack", owner: chen.email, riskTier: "high", useCase: "Retail lending pre-screen" });
    await createModel(chen, { name: "unrelated", owner: chen.email, riskTier: "low" });
    await createVersion(chen, "credit-pack", {
      version: "1.0",
      framework: "xgboost 2.1",
      artifactUri: "s3://models/credit-pack/1.0/model.json",
      gitCommit: "4f2a9c1",
      trainingRunId: RUN,
      inputs: [
        { namespace: "warehouse", name: "loans_2025" },
        { namespace: "warehouse", name: "bureau_scores" },
      ],
      metrics: { auc: 0.87 },
    });
    await createVersion(chen, "unrelated", { version: "1.0" });
    await saveCard(chen, "credit-pack", "1.0", FULL_CARD, { source: "api" });
    await addEvaluation(chen, "credit-pack", "1.0", { dataset: "holdout-2026Q3", metrics: { auc: 0.86, ece: 0.03 } });
    await addEvaluation(chen, "unrelated", "1.0", { dataset: "elsewhere", metrics: { auc: 0.5 } });
    const audit = await createBiasAudit(chen, "credit-pack", "1.0", {
      name: "fairness-2026",
      dataset: "fairness-sample-2026",
      sensitiveAttributes: ["sex"],
      referenceGroups: { sex: "male" },
      counts: [
        { attributes: { sex: "male" }, ...fair },
        { attributes: { sex: "female" }, ...fair },
      ],
    });
    const rel = await requestRelease(priya, { model: "credit-pack", version: "1.0", targetStage: "production", summary: "First release" });
    await decideRelease(rafael, rel.id, { decision: "approve", comment: "Evidence complete; AUC holds on the Q3 holdout." });
    const done = await decideRelease(noor, rel.id, { decision: "approve", comment: "Agreed, bias audit is clean." });
    expect(done.status).toBe("approved");
    // Saved after the decision: the pack keeps the revision the release was judged on, and says so.
    await saveCard(chen, "credit-pack", "1.0", { ...FULL_CARD, caveatsAndRecommendations: { text: "Edited later." } }, { source: "api" });
    // Recorded after the decision, though done before it: not in this closed release's pack (reviews.json nor its trail).
    await recordReview(greta, "credit-pack", { completedAt: "2025-10-01", outcome: "satisfactory", comment: "Validated before Steward" });

    const one = await evidencePack(greta, rel.id);
    const two = await evidencePack(amara, rel.id);
    expect(Buffer.from(two.bytes).equals(Buffer.from(one.bytes))).toBe(true);
    expect(two.sha256).toBe(one.sha256);
    expect(one.filename).toBe(`evidence-credit-pack-1.0-${rel.id.slice(0, 8)}.zip`);

    const f = unzip(one.bytes);
    expect(Object.keys(f)).toEqual([
      "README.md",
      "release.json",
      "policy.json",
      "checks.json",
      "model.json",
      "card.json",
      "card.md",
      "card.mct.json",
      "evaluations.json",
      `bias-audits/${audit.id}.json`,
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

    expect(JSON.parse(f["reviews.json"]).reviews).toEqual([]);
    expect(entriesOf(f).filter((e) => e.entity.type === "review")).toEqual([]);
    const release = JSON.parse(f["release.json"]);
    expect(release).toMatchObject({
      id: rel.id,
      status: "approved",
      policyVersion: 1,
      requiredApprovals: 2,
      requiresCompliance: false,
      requestedBy: "priya@example.com",
    });
    expect(
      release.decisions.map((d: { reviewer: string; decision: string; comment: string }) => [d.reviewer, d.decision, d.comment]),
    ).toEqual([
      ["rafael@example.com", "approve", "Evidence complete; AUC holds on the Q3 holdout."],
      ["noor@example.com", "approve", "Agreed, bias audit is clean."],
    ]);
    expect(release.checksEvaluatedAt).toBe(release.decidedAt);

    const policy = JSON.parse(f["policy.json"]);
    expect(policy.version).toBe(1);
    expect(policy.rules).toEqual(DEFAULT_POLICY);
    const checks = JSON.parse(f["checks.json"]);
    expect(checks.policyVersion).toBe(1);
    expect(checks.checks.map((c: { name: string; status: string }) => `${c.name}:${c.status}`)).toEqual([
      "card_completeness:pass",
      "bias_audit:pass",
      "evaluation:pass",
      "lineage_inputs:pass",
      "no_page_alert:pass",
      "monitoring_coverage:warn",
      "open_findings:pass",
    ]);

    const card = JSON.parse(f["card.json"]);
    expect(card).toMatchObject({
      model: "credit-pack",
      version: "1.0",
      revision: 1,
      latestRevision: 2,
      completeness: 100,
      savedBy: "chen@example.com",
    });
    expect(card.card.caveatsAndRecommendations.text).not.toBe("Edited later.");
    expect(card.why).toBe(
      `Revision 1 is the latest saved before the release was approved at ${release.decidedAt}; revisions up to 2 were saved since.`,
    );
    expect(f["card.md"]).toContain("Advisory score shown to loan officers beside the application.");
    expect(JSON.parse(f["card.mct.json"]).model_details).toBeTruthy();

    const evals = JSON.parse(f["evaluations.json"]);
    expect(evals.map((e: { dataset: string; metrics: unknown }) => [e.dataset, e.metrics])).toEqual([
      ["holdout-2026Q3", { auc: 0.86, ece: 0.03 }],
    ]);
    const bias = JSON.parse(f[`bias-audits/${audit.id}.json`]);
    expect(bias).toMatchObject({ name: "fairness-2026", passed: true, recordCount: 3200 });
    expect(bias.summary.sex).toMatchObject({ referenceGroup: "male", disparateImpact: 1, passed: true });
    expect(JSON.parse(f["lineage.json"])).toMatchObject({
      trainingRunId: RUN,
      gitCommit: "4f2a9c1",
      inputs: [
        { namespace: "warehouse", name: "loans_2025" },
        { namespace: "warehouse", name: "bureau_scores" },
      ],
    });
    // The upstream graph: the version and the two datasets it names as inputs (no events were posted here).
    const upstream = JSON.parse(f["lineage.json"]).upstream;
    expect(upstream.nodes.map((n: { id: string; depth: number }) => [n.id, n.depth])).toEqual([
      ["dataset:warehouse:bureau_scores", -1],
      ["dataset:warehouse:loans_2025", -1],
      ["model:credit-pack:1.0", 0],
    ]);
    expect(upstream.edges).toEqual([
      { source: "dataset:warehouse:bureau_scores", target: "model:credit-pack:1.0" },
      { source: "dataset:warehouse:loans_2025", target: "model:credit-pack:1.0" },
    ]);
    expect(JSON.parse(f["history.json"]).map((h: { id: string; status: string }) => [h.id, h.status])).toEqual([[rel.id, "approved"]]);

    // Every entry about the release, its version and its model, in seq order; nothing about the other model.
    const entries = entriesOf(f);
    expect(entries.map((e) => `${e.action} ${e.entity.type}:${e.entity.type === "release" ? "R" : e.entity.id}`)).toEqual([
      "model.created model:credit-pack",
      "version.created version:credit-pack/1.0",
      "card.created card:credit-pack/1.0",
      `evaluation.created evaluation:${evals[0].id}`,
      `bias_audit.created bias_audit:${audit.id}`,
      "release.requested release:R",
      "release.approval_recorded release:R",
      "version.promoted version:credit-pack/1.0",
      "release.approved release:R",
      "card.updated card:credit-pack/1.0",
    ]);
    for (let i = 1; i < entries.length; i++) expect(entries[i].seq).toBeGreaterThan(entries[i - 1].seq);
    for (const e of entries) expect(entryHash(e)).toBe(e.hash);
    const proof: PackProof = JSON.parse(f["audit/proof.json"]);
    expect(proof.covers).toEqual({ entries: 10, firstSeq: entries[0].seq, lastSeq: entries[9].seq });
    expect(proof.segment.complete).toBe(true);
    // The stretch from the first to the last entry includes the other model's three entries, as links only.
    if (proof.segment.complete) expect(proof.segment.links).toHaveLength(entries[9].seq - entries[0].seq + 1);
    expect(checkProof(entries, proof)).toEqual({ ok: true, entries: 10, linked: true });

    // The script in the pack checks the same with Node alone.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pack-"));
    try {
      for (const [name, text] of Object.entries(f)) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), text);
      }
      const run = (...args: string[]) => {
        try {
          return execFileSync(process.execPath, [path.join(dir, "audit/verify.mjs"), ...args], { encoding: "utf8" });
        } catch (e) {
          return String((e as { stdout: string }).stdout);
        }
      };
      const out = execFileSync(process.execPath, [path.join(dir, "audit/verify.mjs")], { encoding: "utf8" });
      expect(out).toContain(`ok: 10 entries recompute, linked through seq ${entries[0].seq} to ${entries[9].seq}`);
      // The checkpoint signs the tree whose last leaf is the pack's last entry; each entry's path reaches its root.
      const logKey = f["audit/log-key.txt"].trim();
      expect(f["audit/checkpoint.txt"].startsWith(`pack.test/audit\n${entries[9].seq}\n`)).toBe(true);
      expect(out).toContain(
        `each is in the Merkle tree of ${entries[9].seq} entries that pack.test/audit (key ${logKey.split("+")[1]}) signed`,
      );
      expect(run("--key", logKey)).toMatch(/^ok: 10 entries recompute/);
      // Another key than the one the verifier holds; a checkpoint whose root was changed; a path with one hash changed.
      expect(run("--key", "pack.test/audit+00000000+AQ==")).toContain("FAILED: the pack was signed by");
      const cpFile = path.join(dir, "audit/checkpoint.txt");
      const lines = f["audit/checkpoint.txt"].split("\n");
      lines[2] = Buffer.alloc(32, 1).toString("base64");
      fs.writeFileSync(cpFile, lines.join("\n"));
      expect(run()).toContain("FAILED: the checkpoint's signature does not verify");
      fs.writeFileSync(cpFile, f["audit/checkpoint.txt"]);
      const inc = JSON.parse(f["audit/inclusion.json"]);
      expect(inc.proofs).toHaveLength(10);
      inc.proofs[3].hashes[0] = Buffer.alloc(32, 2).toString("base64");
      fs.writeFileSync(path.join(dir, "audit/inclusion.json"), JSON.stringify(inc));
      expect(run()).toContain(`FAILED: seq ${entries[3].seq} is not in the log the checkpoint signs`);
      fs.writeFileSync(path.join(dir, "audit/inclusion.json"), f["audit/inclusion.json"]);
      const tampered = entries.map((e) =>
        e.action === "release.approval_recorded" ? { ...e, after: { ...(e.after as object), comment: "changed" } } : e,
      );
      fs.writeFileSync(path.join(dir, "audit/entries.ndjson"), tampered.map((e) => `${JSON.stringify(e)}\n`).join(""));
      const bad = (() => {
        try {
          execFileSync(process.execPath, [path.join(dir, "audit/verify.mjs")], { encoding: "utf8" });
          return "";
        } catch (e) {
          return String((e as { stdout: string }).stdout);
        }
      })();
      expect(bad).toContain(`FAILED: the hash of seq ${entries[6].seq} does not match its content`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }

    const readme = f["README.md"];
    for (const heading of [
      "## 1. General description of the AI system",
      "## 2. Detailed description of the elements of the AI system and of its development",
      "## 3. Monitoring, functioning and control: human oversight",
      "## 4. Performance metrics",
      "## 5. Risk management",
      "## 6. Changes through the lifecycle",
      "## 7. Standards and specifications applied",
      "## Records: audit trail extract and chain proof",
    ])
      expect(readme).toContain(heading);
    expect(readme).toContain("- **Risk tier:** high");
    expect(readme).toContain("Judged under release policy version 1 (`policy.json`): a high-tier release needs 2 approvals;");
    expect(readme).toContain("| 1 | rafael <rafael@example.com> | reviewer | approve |");
    expect(readme).toContain("**“fairness-2026”** on fairness-sample-2026: **passed**, 3,200 records");
    expect(readme).toContain("| sex | male | 1 | met | 0 | 0 | – | passed |");
    expect(readme).toContain("**Model card:** revision 1 of 2");
    expect(readme).toContain(`shows the release as it stands after audit entry ${entries[9].seq}`);

    // Only compliance and admin; a token needs the read scope; unknown and malformed ids are 404.
    for (const a of [victor, chen, rafael, readOnlyToken])
      expect(await failure(evidencePack(a, rel.id))).toMatchObject({ status: 403, code: "forbidden" });
    expect(await failure(evidencePack(victor, "not-a-uuid"))).toMatchObject({ status: 403 });
    expect(await failure(evidencePack(greta, "00000000-0000-4000-8000-000000000000"))).toMatchObject({ status: 404, code: "not_found" });
    expect(await failure(evidencePack(greta, "not-a-uuid"))).toMatchObject({ status: 404, code: "not_found" });
  });

  it("an open release: checks as of the last entry about it, stable until something about it changes", async () => {
    await updatePolicy(amara, { ...DEFAULT_POLICY, requiredApprovals: { ...DEFAULT_POLICY.requiredApprovals, high: 3 } });
    await createVersion(chen, "credit-pack", { version: "2.0" });
    await addEvaluation(chen, "credit-pack", "2.0", { dataset: "holdout-2026Q4", metrics: { auc: 0.88 } });
    await createBiasAudit(chen, "credit-pack", "2.0", {
      name: "fairness-q4",
      dataset: "fairness-sample-q4",
      sensitiveAttributes: ["sex"],
      referenceGroups: { sex: "male" },
      counts: [
        { attributes: { sex: "male" }, ...fair },
        { attributes: { sex: "female" }, ...skewed },
      ],
    });
    const rel = await requestRelease(chen, { model: "credit-pack", version: "2.0", targetStage: "production", summary: "Retrained on Q4" });
    await decideRelease(greta, rel.id, { decision: "request_changes", comment: "Add the card first." });

    const one = await evidencePack(greta, rel.id);
    const two = await evidencePack(greta, rel.id);
    expect(Buffer.from(two.bytes).equals(Buffer.from(one.bytes))).toBe(true);
    const f = unzip(one.bytes);
    expect(Object.keys(f)).not.toContain("card.json");
    const entries = entriesOf(f);
    expect(entries.map((e) => e.action)).toEqual([
      "model.created",
      "review.recorded", // the model's reviews: the one recorded after 1.0's release, before this one
      "policy.updated", // the policy version it was judged under
      "version.created", // 1.0's entries are not about 2.0: only the model's and 2.0's are here
      "evaluation.created",
      "bias_audit.created",
      "release.requested",
      "release.changes_requested",
    ]);
    expect(entries[3].entity.id).toBe("credit-pack/2.0");
    expect(JSON.parse(f["reviews.json"]).reviews.map((r: { outcome: string; completedAt: string }) => [r.outcome, r.completedAt])).toEqual([
      ["satisfactory", "2025-10-01T00:00:00.000Z"],
    ]);
    const release = JSON.parse(f["release.json"]);
    expect(release).toMatchObject({
      status: "changes_requested",
      policyVersion: 2,
      requiredApprovals: 3,
      decidedAt: null,
      replaces: { version: "1.0" },
    });
    expect(release.checksEvaluatedAt).toBe(entries[7].at);
    expect(JSON.parse(f["policy.json"]).rules.requiredApprovals.high).toBe(3);
    expect(JSON.parse(f["checks.json"]).checks.map((c: { name: string; status: string }) => `${c.name}:${c.status}`)).toEqual([
      "card_completeness:fail",
      "bias_audit:fail",
      "evaluation:pass",
      "lineage_inputs:warn",
      "no_page_alert:pass",
      "monitoring_coverage:warn",
      "periodic_review:pass", // listed now the model has a (recorded) review; a high model's overdue review passes
      "open_findings:pass",
    ]);
    expect(JSON.parse(f["history.json"]).map((h: { version: string }) => h.version)).toEqual(["1.0", "2.0"]);
    expect(f["README.md"]).toContain("**Model card:** none saved for this version.");
    expect(f["README.md"]).toMatch(/\*\*“fairness-q4”\*\* on fairness-sample-q4: \*\*failed\*\*/);

    // Something about it changes: a new card revision is a new entry and a new pack.
    await saveCard(chen, "credit-pack", "2.0", FULL_CARD, { source: "api" });
    const three = await evidencePack(greta, rel.id);
    expect(three.sha256).not.toBe(one.sha256);
    const g = unzip(three.bytes);
    expect(JSON.parse(g["card.json"]).why).toBe(
      "Revision 1 is the latest; the release is still open (changes requested), so it is judged on the card as it stands.",
    );
    expect(entriesOf(g).at(-1)?.action).toBe("card.created");
  });
});
