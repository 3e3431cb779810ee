import { describe, expect, it } from "vitest";
import { listAudit } from "@/lib/audit/read";
import { SYSTEM } from "@/lib/auth/actor";
import { saveCard } from "@/lib/cards/cards";
import { createBiasAudit } from "@/lib/fairness/audits";
import { createModel } from "@/lib/inventory/models";
import { addEvaluation, createVersion } from "@/lib/inventory/versions";
import { person } from "@/tests/actors";
import { useFreshStore } from "@/tests/store";
import { decideRelease } from "./decide";
import { requestRelease } from "./requests";

const chen = person("Chen", ["contributor"], 2);
const priya = person("Priya", ["contributor"], 3);
const rafael = person("Rafael", ["reviewer"], 4);
const fair = { tp: 50, fp: 10, tn: 90, fn: 10 };

describe("a model's and a release's history (database)", () => {
  useFreshStore();

  it("the model filter gathers the model, its versions, card, evaluation, bias audit and releases, and nothing of a look-alike model", async () => {
    for (const name of ["fx", "fx.2", "fx_"]) {
      await createModel(chen, { name, owner: chen.email, riskTier: "low" });
      await createVersion(chen, name, { version: "1" });
    }
    await saveCard(chen, "fx", "1", { modelDetails: { text: "FX" } }, { source: "api" });
    await addEvaluation(chen, "fx", "1", { dataset: "holdout", metrics: { auc: 0.8 } });
    await createBiasAudit(chen, "fx", "1", {
      name: "a",
      dataset: "d",
      sensitiveAttributes: ["g"],
      referenceGroups: { g: "x" },
      counts: [
        { attributes: { g: "x" }, ...fair },
        { attributes: { g: "y" }, ...fair },
      ],
    });
    const r = await requestRelease(priya, { model: "fx", version: "1", targetStage: "staging", summary: "s" });
    await decideRelease(rafael, r.id, { decision: "approve", comment: "ok" });
    await addEvaluation(chen, "fx.2", "1", { dataset: "holdout", metrics: { auc: 0.7 } });

    const model = await listAudit(SYSTEM, { model: "fx" }, 0, 100);
    expect(model.items.map((e) => `${e.action} ${e.entity.type}:${e.entity.id === r.id ? "R" : e.entity.id}`)).toEqual([
      "model.created model:fx",
      "version.created version:fx/1",
      "card.created card:fx/1",
      `evaluation.created evaluation:${model.items[3].entity.id}`,
      `bias_audit.created bias_audit:${model.items[4].entity.id}`,
      "release.requested release:R",
      "version.promoted version:fx/1",
      "release.approved release:R",
    ]);
    const release = await listAudit(SYSTEM, { release: r.id }, 0, 100);
    expect(release.items.map((e) => e.action)).toEqual(["release.requested", "version.promoted", "release.approved"]);
    expect((await listAudit(SYSTEM, { model: "fx.2" }, 0, 100)).items.map((e) => e.action)).toEqual([
      "model.created",
      "version.created",
      "evaluation.created",
    ]);
  });
});
