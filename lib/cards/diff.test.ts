import { describe, expect, it } from "vitest";
import { diffCards, diffLines } from "./diff";
import { FULL_CARD } from "./fixtures/cards";

describe("card diff", () => {
  it("marks exactly the sections and fields that changed, with before and after", () => {
    const after = structuredClone(FULL_CARD);
    after.metrics = {
      ...after.metrics,
      performanceMeasures: [
        { ...after.metrics?.performanceMeasures?.[0], threshold: 0.78 },
        ...(after.metrics?.performanceMeasures?.slice(1) ?? []),
      ],
    };
    after.caveatsAndRecommendations = { text: "- Recalibrate after any change to the bureau's scoring\n- Review yearly" };
    delete after.factors;
    const d = diffCards(FULL_CARD, after);
    expect(d.map((s) => s.section)).toEqual([
      "modelDetails",
      "intendedUse",
      "factors",
      "metrics",
      "evaluationData",
      "trainingData",
      "quantitativeAnalyses",
      "ethicalConsiderations",
      "caveatsAndRecommendations",
    ]);
    expect(d.filter((s) => s.changed).map((s) => s.section)).toEqual(["factors", "metrics", "caveatsAndRecommendations"]);
    const factors = d[2];
    expect(factors.after).toBeNull();
    expect(factors.fields.filter((f) => f.changed).map((f) => f.field)).toEqual(["text", "relevantFactors", "evaluationFactors"]);
    const metrics = d[3];
    expect(metrics.fields).toEqual([
      { field: "text", changed: false, before: FULL_CARD.metrics?.text, after: FULL_CARD.metrics?.text },
      {
        field: "performanceMeasures",
        changed: true,
        before: FULL_CARD.metrics?.performanceMeasures,
        after: after.metrics?.performanceMeasures,
      },
    ]);
    expect(d[8].fields[0].lines).toEqual([
      { op: "equal", text: "- Recalibrate after any change to the bureau's scoring" },
      { op: "remove", text: "- Do not use for applicants with thin credit files" },
      { op: "add", text: "- Review yearly" },
    ]);
  });

  it("treats blank fields as absent, so a browser save with empty rows is no change", () => {
    const withBlanks = {
      ...FULL_CARD,
      factors: { ...FULL_CARD.factors, relevantFactors: [...(FULL_CARD.factors?.relevantFactors ?? []), ""] },
    };
    expect(diffCards(FULL_CARD, withBlanks).some((s) => s.changed)).toBe(false);
  });

  it("line diff: a shortest edit between two texts", () => {
    expect(diffLines("a\nb\nc\nd", "a\nc\nd\ne")).toEqual([
      { op: "equal", text: "a" },
      { op: "remove", text: "b" },
      { op: "equal", text: "c" },
      { op: "equal", text: "d" },
      { op: "add", text: "e" },
    ]);
    expect(diffLines("", "x")).toEqual([{ op: "add", text: "x" }]);
    expect(diffLines("x", "")).toEqual([{ op: "remove", text: "x" }]);
  });
});
