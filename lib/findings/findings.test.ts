// Findings (database): the status machine, who may work and close them, the release check they feed, and the
// executive dashboard's overdue figures. Dates are spelled out and the expected numbers worked by hand.

import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rows } from "@/db/client";
import { type Actor, SYSTEM } from "@/lib/auth/actor";
import type { Role } from "@/lib/auth/roles";
import { createUser } from "@/lib/auth/users";
import { findingsFigures, findingsPanel } from "@/lib/dashboards/executive-findings";
import { createModel } from "@/lib/inventory/models";
import { addEvaluation, createVersion } from "@/lib/inventory/versions";
import { evaluateChecks } from "@/lib/releases/checks";
import { decideRelease } from "@/lib/releases/decide";
import { DEFAULT_POLICY } from "@/lib/releases/policy";
import { requestRelease } from "@/lib/releases/requests";
import { useFreshStore } from "@/tests/store";
import { blockingFindings } from "./evidence";
import { acceptFindingRisk, closeFinding, raiseFinding, updateFinding } from "./findings";
import { getFinding, listFindings } from "./read";

let uid = 700;
const user = (email: string, ...roles: Role[]): Actor => ({ type: "user", userId: uid++, email, name: email.split("@")[0], roles });
const owner = user("chen@bank.example", "contributor");
const validator = user("vera@bank.example", "reviewer");
const compliance = user("carla@bank.example", "compliance");
const ownerReviewer = user("omar@bank.example", "contributor", "reviewer");
const viewer = user("vic@bank.example", "viewer");

async function failure(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return e as { status: number; code: string; message: string };
  }
  throw new Error("expected a failure");
}
const d = (s: string) => new Date(`${s}T12:00:00Z`);

describe("findings (database)", () => {
  useFreshStore();
  let modelId = 0;
  let versionId = 0;

  it("sets up users and a model", async () => {
    for (const u of [owner, validator, compliance, ownerReviewer, viewer])
      await createUser(SYSTEM, { email: u.email, name: u.name, roles: u.roles });
    await createModel(owner, { name: "credit", owner: owner.email, riskTier: "low", maintainers: [ownerReviewer.email] });
    await createVersion(owner, "credit", { version: "1.0" });
    const [m] = await rows<{ id: number; vid: number }>(
      sql`select m.id, v.id as vid from models m join model_versions v on v.model_id = m.id where m.name = 'credit'`,
    );
    modelId = Number(m.id);
    versionId = Number(m.vid);
  });

  it("lets reviewers and compliance raise findings, not owners or viewers; the owner defaults to the model's", async () => {
    const input = { model: "credit", severity: "medium" as const, title: "Stale calibration", description: "Calibrated on 2023 data." };
    expect(await failure(raiseFinding(owner, input))).toMatchObject({ status: 403, code: "forbidden" });
    expect(await failure(raiseFinding(viewer, input))).toMatchObject({ status: 403 });
    const f = await raiseFinding(validator, input, d("2026-11-01"));
    expect(f).toMatchObject({ owner: "chen@bank.example", status: "open", raisedBy: "vera@bank.example", dueDate: "2027-01-30" });
    // 2026-11-01 + 90 days (medium): 29 left in November, 31 in December, 30 in January → 2027-01-30.
    expect(await failure(raiseFinding(validator, { ...input, owner: "nobody@bank.example" }))).toMatchObject({
      status: 400,
      message: "No active user has the email nobody@bank.example.",
    });
  });

  it("moves open → in remediation → closed, and refuses the moves the machine forbids, with the error code", async () => {
    const f = await raiseFinding(validator, {
      model: "credit",
      severity: "high",
      title: "No drift monitor",
      description: "PSI unmonitored.",
    });
    // A contributor who is neither the finding's owner nor a steward of the model may not work it.
    const stranger = user("sam@bank.example", "contributor");
    expect(await failure(updateFinding(stranger, f.id, { remediationPlan: "x" }))).toMatchObject({ status: 403 });
    const started = await updateFinding(owner, f.id, { status: "in_remediation", remediationPlan: "Add a PSI monitor on income." });
    expect(started).toMatchObject({ status: "in_remediation", remediationPlan: "Add a PSI monitor on income." });
    // A maintainer of the model (a steward) may work it too.
    expect((await updateFinding(ownerReviewer, f.id, { readyForValidation: true })).readyForValidation).toBe(true);
    // in remediation → in remediation again is no move.
    expect(await failure(updateFinding(owner, f.id, { status: "in_remediation" }))).toMatchObject({
      status: 409,
      code: "invalid_transition",
    });
    // Who may close: not the owner (no reviewer role), not a reviewer who maintains the model; compliance may.
    expect(await failure(closeFinding(owner, f.id, { validationComment: "done" }))).toMatchObject({ status: 403, code: "forbidden" });
    expect(await failure(closeFinding(ownerReviewer, f.id, { validationComment: "done" }))).toMatchObject({
      status: 403,
      code: "separation_of_duties",
    });
    const closed = await closeFinding(compliance, f.id, { validationComment: "Monitor seen firing on a replayed shift." });
    expect(closed).toMatchObject({
      status: "closed",
      closedBy: "carla@bank.example",
      validationComment: "Monitor seen firing on a replayed shift.",
    });
    // Closed is final: no status move, no edit, no acceptance, no second close.
    expect(await failure(updateFinding(owner, f.id, { status: "in_remediation" }))).toMatchObject({
      status: 409,
      code: "invalid_transition",
    });
    expect(await failure(updateFinding(owner, f.id, { remediationPlan: "more" }))).toMatchObject({
      status: 409,
      code: "invalid_transition",
    });
    expect(await failure(acceptFindingRisk(compliance, f.id, { until: "2027-01-01", justification: "x" }, d("2026-12-01")))).toMatchObject({
      status: 409,
      code: "invalid_transition",
    });
    expect(await failure(closeFinding(compliance, f.id, { validationComment: "again" }))).toMatchObject({
      status: 409,
      code: "invalid_transition",
    });
    // Every change is in the history, from the audit trail.
    const detail = await getFinding(viewer, f.id);
    expect(detail.history.map((h) => h.action)).toEqual([
      "finding.raised",
      "finding.remediation_started",
      "finding.ready_for_validation",
      "finding.closed",
    ]);
    expect(detail.history[1].changes).toContainEqual({ field: "remediationPlan", from: null, to: "Add a PSI monitor on income." });
  });

  it("lets an independent reviewer close, and only compliance accept a risk", async () => {
    const f = await raiseFinding(compliance, { model: "credit", severity: "low", title: "Typo in card", description: "Section 3." });
    expect(await failure(acceptFindingRisk(validator, f.id, { until: "2099-01-01", justification: "x" }))).toMatchObject({ status: 403 });
    expect((await closeFinding(validator, f.id, { validationComment: "Card fixed in revision 4." })).status).toBe("closed");
  });

  it("blocks a release while a high finding is open, passes a medium, and lets the release through once it closes", async () => {
    await addEvaluation(owner, "credit", "1.0", { dataset: "holdout", metrics: { auc: 0.9 } });
    const high = await raiseFinding(validator, {
      model: "credit",
      version: "1.0",
      severity: "high",
      title: "Income feature leaks the label",
      description: "x",
    });
    const rel = await requestRelease(owner, { model: "credit", version: "1.0", targetStage: "staging", summary: "first" });
    const check = rel.checks.find((c) => c.name === "open_findings");
    expect(check).toMatchObject({
      status: "fail",
      blocking: true,
      detail:
        "1 finding is still open: “Income feature leaks the label” (high, open). Close it after validation, or have compliance accept the risk.",
    });
    expect(check?.evidence).toEqual([
      { type: "finding", id: high.id, label: "high: Income feature leaks the label", href: `/findings/${high.id}` },
    ]);
    expect(await failure(decideRelease(validator, rel.id, { decision: "approve", comment: "ok" }))).toMatchObject({
      status: 422,
      code: "checks_failed",
    });
    await closeFinding(compliance, high.id, { validationComment: "Feature dropped in 1.0's pipeline; re-run verified." });
    const approved = await decideRelease(validator, rel.id, { decision: "approve", comment: "ok" });
    expect(approved.status).toBe("approved");
    expect(approved.checks.find((c) => c.name === "open_findings")?.status).toBe("pass");
  });

  it("judges risk acceptances by day: accepted through 2027-01-31 passes on 2027-01-30 and fails on 2027-02-01", async () => {
    const f = await raiseFinding(validator, { model: "credit", severity: "critical", title: "Unvalidated overlay", description: "x" });
    const medium = await raiseFinding(validator, { model: "credit", severity: "medium", title: "Minor", description: "x" });
    const checkOn = async (day: string) =>
      evaluateChecks(
        {
          model: "credit",
          version: "1.0",
          card: null,
          audit: null,
          evaluations: [],
          lineage: { inputs: [], trainingRunId: null },
          replaced: null,
          findings: { blocking: await blockingFindings(modelId, versionId, d(day)) },
        },
        DEFAULT_POLICY,
        { target: "production", riskTier: "low", kind: "release" },
      ).find((c) => c.name === "open_findings");
    expect((await checkOn("2027-01-10"))?.status).toBe("fail");
    await acceptFindingRisk(compliance, f.id, { until: "2027-01-31", justification: "Overlay reviewed by the board." }, d("2027-01-10"));
    expect((await checkOn("2027-01-30"))?.status).toBe("pass");
    expect((await checkOn("2027-01-31"))?.status).toBe("pass");
    const lapsed = await checkOn("2027-02-01");
    expect(lapsed).toMatchObject({ status: "fail", blocking: true });
    expect(lapsed?.evidence.map((e) => e.id)).toEqual([f.id]);
    // The lapsed acceptance reads as open, and the medium finding never blocked.
    expect((await getFinding(viewer, f.id, d("2027-02-01"))).status).toBe("open");
    expect((await getFinding(viewer, f.id, d("2027-01-31"))).status).toBe("risk_accepted");
    expect(lapsed?.evidence.map((e) => e.id)).not.toContain(medium.id);
    expect(await failure(acceptFindingRisk(compliance, f.id, { until: "2027-01-10", justification: "x" }, d("2027-01-10")))).toMatchObject({
      status: 400,
    });
    await closeFinding(compliance, f.id, { validationComment: "Overlay removed." });
    await closeFinding(compliance, medium.id, { validationComment: "Fixed." });
    expect((await checkOn("2027-02-01"))?.status).toBe("pass");
  });

  it("counts overdue findings and the oldest's age: due 2026-11-01, on 2026-12-08 → 37 days", async () => {
    const now = d("2026-12-08");
    const a = await raiseFinding(
      validator,
      { model: "credit", severity: "high", title: "A", description: "x", dueDate: "2026-11-01" },
      d("2026-10-01"),
    );
    await raiseFinding(
      validator,
      { model: "credit", severity: "medium", title: "B", description: "x", dueDate: "2026-12-01" },
      d("2026-10-01"),
    );
    await raiseFinding(
      validator,
      { model: "credit", severity: "low", title: "C", description: "x", dueDate: "2026-12-08" },
      d("2026-10-01"),
    );
    const panel = await findingsPanel([modelId], now);
    // Open: A (high), B (medium), C (low) and "Stale calibration" (medium, due 2027-01-30). Overdue: A (37 days) and B (7).
    expect(panel).toEqual({
      open: { low: 1, medium: 2, high: 1, critical: 0 },
      overdue: 2,
      oldestOverdueDays: 37,
      oldestOverdue: { id: a.id, title: "A", model: "credit" },
    });
    const listed = await listFindings(viewer, { overdue: true }, now);
    expect(listed.items.map((f) => [f.title, f.overdueDays])).toEqual([
      ["A", 37],
      ["B", 7],
    ]);
    expect(findingsFigures([], now)).toEqual({
      open: { low: 0, medium: 0, high: 0, critical: 0 },
      overdue: 0,
      oldestOverdueDays: null,
      oldestOverdue: null,
    });
  });
});
