import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Role } from "../auth/roles";
import {
  applyDecision,
  applyResubmit,
  type DecisionKind,
  type Person,
  progress,
  type ReleaseState,
  refuseCancel,
  refuseDecision,
  refuseResubmit,
  TRANSITIONS,
} from "./machine";

const p = (email: string, ...roles: Role[]): Person => ({ email, roles });
const requester = p("req@x.test", "contributor");
const owner = p("owner@x.test", "contributor");
const rev1 = p("rev1@x.test", "reviewer");
const rev2 = p("rev2@x.test", "reviewer");
const comp = p("comp@x.test", "compliance");
const admin = p("admin@x.test", "admin");
const viewer = p("viewer@x.test", "viewer");
const ownerReviewer = p("owner@x.test", "reviewer"); // the owner holding the reviewer role too
const requesterReviewer = p("REQ@x.test", "reviewer"); // same person, other case
const PEOPLE = [requester, owner, rev1, rev2, comp, admin, viewer, ownerReviewer, requesterReviewer];

const fresh = (o: Partial<ReleaseState> = {}): ReleaseState => ({
  status: "pending",
  round: 1,
  kind: "release",
  requestedBy: requester.email,
  stewardsNow: { owner: owner.email, maintainers: [] },
  stewardsAtRequest: null,
  evidenceAuthors: [],
  requiredApprovals: 2,
  requiresCompliance: false,
  decisions: [],
  ...o,
});

describe("separation of duties and who decides", () => {
  it("refuses the requester (any case) and the model's owner with separation_of_duties, and non-reviewers with not_a_reviewer", () => {
    expect(refuseDecision(fresh(), requesterReviewer, "approve", [])?.code).toBe("separation_of_duties");
    expect(refuseDecision(fresh(), ownerReviewer, "approve", [])?.code).toBe("separation_of_duties");
    expect(refuseDecision(fresh(), ownerReviewer, "reject", [])?.status).toBe(403);
    expect(refuseDecision(fresh(), admin, "approve", [])?.code).toBe("not_a_reviewer");
    expect(refuseDecision(fresh(), viewer, "approve", [])?.code).toBe("not_a_reviewer");
    expect(refuseDecision(fresh(), rev1, "approve", [])).toBeNull();
    expect(refuseDecision(fresh(), comp, "approve", [])).toBeNull();
  });
  it("lets the owner approve a rollback, but never its requester", () => {
    expect(refuseDecision(fresh({ kind: "rollback", requiredApprovals: 1 }), ownerReviewer, "approve", [])).toBeNull();
    expect(refuseDecision(fresh({ kind: "rollback", requestedBy: rev1.email }), rev1, "approve", [])?.code).toBe("separation_of_duties");
  });
});

describe("decisions", () => {
  it("two approvals of a tier needing two approve; the first leaves it pending", () => {
    const one = applyDecision(fresh(), rev1, "approve");
    expect(one.status).toBe("pending");
    expect(progress(one)).toMatchObject({ approvals: 1, required: 2, complete: false });
    expect(refuseDecision(one, rev1, "approve", [])?.code).toBe("already_decided");
    const two = applyDecision(one, rev2, "approve");
    expect(two.status).toBe("approved");
    expect(refuseDecision(two, comp, "approve", [])).toMatchObject({ status: 409, code: "not_pending" });
  });
  it("a critical release needs one approval from compliance among its two", () => {
    const s = fresh({ requiresCompliance: true });
    const twoReviewers = applyDecision(applyDecision(s, rev1, "approve"), rev2, "approve");
    expect(twoReviewers.status).toBe("pending");
    expect(progress(twoReviewers)).toMatchObject({ approvals: 2, complianceNeeded: true, complianceGiven: false, complete: false });
    expect(applyDecision(twoReviewers, comp, "approve").status).toBe("approved");
    expect(applyDecision(applyDecision(s, comp, "approve"), rev1, "approve").status).toBe("approved");
  });
  it("any reject rejects, even after approvals; request_changes returns it to the requester", () => {
    expect(applyDecision(applyDecision(fresh(), rev1, "approve"), rev2, "reject").status).toBe("rejected");
    expect(applyDecision(fresh(), rev1, "request_changes").status).toBe("changes_requested");
  });
  it("an approve while a blocking check fails is 422 checks_failed, naming the check; reject still works", () => {
    const r = refuseDecision(fresh(), rev1, "approve", ["Model card complete"]);
    expect(r).toMatchObject({ status: 422, code: "checks_failed" });
    expect(r?.message).toContain("Model card complete");
    expect(refuseDecision(fresh(), rev1, "reject", ["Model card complete"])).toBeNull();
  });
  it("resubmission starts a new round in which earlier reviewers decide again", () => {
    const back = applyDecision(applyDecision(fresh(), rev1, "approve"), rev2, "request_changes");
    expect(refuseResubmit(back, rev1)?.code).toBe("forbidden");
    expect(refuseResubmit(back, requester)).toBeNull();
    const again = applyResubmit(back);
    expect(again).toMatchObject({ status: "pending", round: 2 });
    expect(progress(again).approvals).toBe(0);
    expect(refuseDecision(again, rev1, "approve", [])).toBeNull();
    expect(refuseResubmit(again, requester)?.code).toBe("not_changes_requested");
  });
  it("the requester or an admin cancels an open release; nobody cancels a closed one", () => {
    expect(refuseCancel(fresh(), rev1)?.status).toBe(403);
    expect(refuseCancel(fresh(), requester)).toBeNull();
    expect(refuseCancel(fresh({ status: "changes_requested" }), admin)).toBeNull();
    expect(refuseCancel(fresh({ status: "approved" }), admin)?.code).toBe("not_pending");
  });
});

type Op =
  | { t: "decide"; who: number; decision: DecisionKind; failing: boolean }
  | { t: "cancel"; who: number }
  | { t: "resubmit"; who: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      t: fc.constant("decide" as const),
      who: fc.nat(PEOPLE.length - 1),
      decision: fc.constantFrom<DecisionKind>("approve", "reject", "request_changes"),
      failing: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("cancel" as const), who: fc.nat(PEOPLE.length - 1) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("resubmit" as const), who: fc.nat(PEOPLE.length - 1) }) },
);

describe("properties (fast-check)", () => {
  it("random requests, decisions and cancellations by random people never reach an illegal state", () => {
    fc.assert(
      fc.property(
        fc.record({ required: fc.integer({ min: 1, max: 3 }), compliance: fc.boolean(), rollback: fc.boolean() }),
        fc.array(op, { maxLength: 40 }),
        (cfg, ops) => {
          let s = fresh({
            requiredApprovals: cfg.required,
            requiresCompliance: cfg.compliance,
            kind: cfg.rollback ? "rollback" : "release",
          });
          for (const o of ops) {
            const who = PEOPLE[o.who];
            const before = s;
            if (o.t === "decide") {
              const refusal = refuseDecision(s, who, o.decision, o.failing ? ["Evaluated"] : []);
              if (refusal) continue;
              s = applyDecision(s, who, o.decision);
              // Never the requester; never the owner of the model (but a rollback may be approved by the owner).
              expect(who.email.toLowerCase()).not.toBe(s.requestedBy.toLowerCase());
              if (s.kind === "release") expect(who.email.toLowerCase()).not.toBe(s.stewardsNow.owner.toLowerCase());
              expect(who.roles.some((r) => r === "reviewer" || r === "compliance")).toBe(true);
              if (o.decision === "approve") expect(o.failing).toBe(false);
              if (s.status === "approved") {
                expect(o.decision).toBe("approve");
                const pr = progress(s);
                expect(pr.approvals).toBeGreaterThanOrEqual(cfg.required);
                if (cfg.compliance) expect(pr.complianceGiven).toBe(true);
              }
            } else if (o.t === "cancel") {
              if (refuseCancel(s, who)) continue;
              s = { ...s, status: "cancelled" };
            } else {
              if (refuseResubmit(s, who)) continue;
              s = applyResubmit(s);
            }
            if (s.status !== before.status) expect(TRANSITIONS[before.status]).toContain(s.status);
            // One decision per reviewer per round.
            const keys = s.decisions.map((d) => `${d.round}/${d.reviewer.toLowerCase()}`);
            expect(new Set(keys).size).toBe(keys.length);
          }
          // Final states are final: nothing anyone does moves them.
          if (["approved", "rejected", "cancelled"].includes(s.status))
            for (const who of PEOPLE) {
              expect(refuseDecision(s, who, "approve", [])).not.toBeNull();
              expect(refuseCancel(s, who)).not.toBeNull();
              expect(refuseResubmit(s, who)).not.toBeNull();
            }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
