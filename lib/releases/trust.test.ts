// Who may write a model's evidence, and who may then judge it (database). A contributor who neither owns nor maintains
// a model cannot plant evidence on it; a reviewer who wrote evidence a release is judged on, or who maintained the
// model when the release was requested, may not decide it.
import { describe, expect, it } from "vitest";
import { type Actor, SYSTEM } from "@/lib/auth/actor";
import type { Role } from "@/lib/auth/roles";
import { importCard, saveCard } from "@/lib/cards/cards";
import { FULL_CARD } from "@/lib/cards/fixtures/cards";
import { putReference } from "@/lib/drift/reference";
import { createBiasAudit } from "@/lib/fairness/audits";
import { createModel, updateModel } from "@/lib/inventory/models";
import { addEvaluation, createVersion } from "@/lib/inventory/versions";
import { useFreshStore } from "@/tests/store";
import { decideRelease } from "./decide";
import { listReleases, releaseOffer } from "./read";
import { requestRelease } from "./requests";
import { ListReleasesQuery } from "./schemas";

let uid = 500;
const user = (email: string, ...roles: Role[]): Actor => ({ type: "user", userId: uid++, email, name: email.split("@")[0], roles });
const owner = user("chen@bank.example", "contributor");
const maintainer = user("svc-train@bank.example", "contributor");
const outsider = user("mallory@bank.example", "contributor");
// Holds both roles: writes an evaluation as a maintainer, then tries to judge the release.
const evaluator = user("eve@bank.example", "contributor", "reviewer");
const rev = user("rafael@bank.example", "reviewer");
const rev2 = user("noor@bank.example", "reviewer");

async function failure(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return e as { status: number; code: string; message: string };
  }
  throw new Error("expected a failure");
}
const audit = {
  name: "holdout",
  dataset: "holdout",
  sensitiveAttributes: ["sex"],
  referenceGroups: { sex: "male" },
  counts: [
    { attributes: { sex: "male" }, tp: 50, fp: 10, tn: 90, fn: 10 },
    { attributes: { sex: "female" }, tp: 50, fp: 10, tn: 90, fn: 10 },
  ],
};
const reference = { features: { amount: { type: "numeric", values: Array.from({ length: 50 }, (_, i) => i) } } };

describe("evidence and four eyes (database)", () => {
  useFreshStore();

  it("refuses evidence from a contributor who neither owns nor maintains the model, before reading the body", async () => {
    await createModel(owner, { name: "credit", owner: owner.email, riskTier: "low", maintainers: ["SVC-Train@bank.example"] });
    await createVersion(owner, "credit", { version: "1.0" });
    // Each attempt starts only when awaited, so none is left rejecting unobserved while another runs.
    const attempts: (() => Promise<unknown>)[] = [
      () => createVersion(outsider, "credit", { version: "1.1" }),
      () => addEvaluation(outsider, "credit", "1.0", { dataset: "planted", metrics: { auc: 0.99 } }),
      () => createBiasAudit(outsider, "credit", "1.0", audit),
      () => putReference(outsider, "credit", "1.0", reference),
      () => saveCard(outsider, "credit", "1.0", FULL_CARD, { source: "api" }),
      // A body that is not even a card: refused for who sends it, not parsed.
      () => importCard(outsider, "credit", "1.0", `# ${"#".repeat(200_000)}`, "text/markdown"),
    ];
    for (const attempt of attempts)
      expect(await failure(attempt())).toMatchObject({
        status: 403,
        message: "Only the model's owner (chen@bank.example), one of its maintainers, or an admin can do this.",
      });
    // A maintainer writes evidence (stored lower case); a maintainer may not change the model itself.
    await createVersion(maintainer, "credit", { version: "1.1" });
    await addEvaluation(maintainer, "credit", "1.1", { dataset: "holdout", metrics: { auc: 0.91 } });
    await createBiasAudit(maintainer, "credit", "1.1", audit);
    await putReference(maintainer, "credit", "1.1", reference);
    await saveCard(maintainer, "credit", "1.1", FULL_CARD, { source: "api" });
    expect(await failure(updateModel(maintainer, "credit", { maintainers: [] }))).toMatchObject({ status: 403 });
    expect((await updateModel(owner, "credit", { maintainers: ["svc-train@bank.example", "Eve@bank.example"] })).maintainers).toEqual([
      "svc-train@bank.example",
      "eve@bank.example",
    ]);
  });

  it("refuses a reviewer who authored evidence, and one who maintained the model when the release was requested", async () => {
    await addEvaluation(evaluator, "credit", "1.1", { dataset: "stress", metrics: { auc: 0.88 } });
    const r = await requestRelease(owner, { model: "credit", version: "1.1", targetStage: "staging", summary: "to staging" });
    // Eve is dropped as a maintainer after the request: she still wrote an evaluation and maintained it then.
    await updateModel(owner, "credit", { maintainers: ["svc-train@bank.example"] });
    const refused = await failure(decideRelease(evaluator, r.id, { decision: "approve", comment: "lgtm" }));
    expect(refused).toMatchObject({ status: 403, code: "separation_of_duties" });
    expect(refused.message).toBe("You owned or maintained this model when the release was requested, so someone else must decide it.");
    // The page is told the same, and the queue does not offer it to her.
    expect((await releaseOffer(evaluator, r.id)).cannotDecide?.code).toBe("separation_of_duties");
    expect((await listReleases(evaluator, ListReleasesQuery.parse({ awaiting: "me" }))).items).toEqual([]);
    expect((await listReleases(rev, ListReleasesQuery.parse({ awaiting: "me" }))).items.map((x) => x.id)).toEqual([r.id]);

    // Someone who was never a maintainer but wrote the evaluation (by an admin's hand, since only stewards write): refused by authorship.
    const admin = { ...SYSTEM, type: "user" as const, userId: 1, email: "noor@bank.example", roles: ["admin", "reviewer"] as Role[] };
    await addEvaluation(admin, "credit", "1.1", { dataset: "fairness-slice", metrics: { auc: 0.87 } });
    expect(await failure(decideRelease(rev2, r.id, { decision: "approve", comment: "lgtm" }))).toMatchObject({
      status: 403,
      code: "separation_of_duties",
      message: "You authored evidence this release is judged on (the evaluation on fairness-slice), so someone else must decide it.",
    });
    expect((await decideRelease(rev, r.id, { decision: "approve", comment: "independent" })).status).toBe("approved");
  });
});
