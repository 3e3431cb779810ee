import { describe, expect, it } from "vitest";
import { parse } from "../api/validate";
import { completeness } from "./completeness";
import { hasContent, normalizeCard } from "./content";
import { ModelCard } from "./schemas";

const text = (t: string) => ({ text: t });

describe("completeness: the share of the nine sections that hold content, rounded", () => {
  it("is 0 for an empty card and 100 only when all nine sections hold something", () => {
    expect(completeness({})).toBe(0);
    const all = {
      modelDetails: { developers: ["Risk team"] },
      intendedUse: { primaryUses: ["Pre-screening"] },
      factors: { relevantFactors: ["age band"] },
      metrics: { performanceMeasures: [{ name: "auc", threshold: 0.75 }] },
      evaluationData: { datasets: [{ name: "holdout-2026Q3" }] },
      trainingData: text("Applications 2019–2025."),
      quantitativeAnalyses: { evaluationIds: ["3f1c"] },
      ethicalConsiderations: { items: [{ name: "Proxy discrimination" }] },
      caveatsAndRecommendations: text("Recalibrate yearly."),
    };
    expect(completeness(all)).toBe(100);
  });

  it("counts sections by hand: 1 of 9 → 11, 4 → 44, 5 → 56 (55.6 rounds up), 7 → 78, 8 → 89", () => {
    const sections = [
      "modelDetails",
      "intendedUse",
      "factors",
      "metrics",
      "evaluationData",
      "trainingData",
      "quantitativeAnalyses",
      "ethicalConsiderations",
    ] as const;
    const card = (n: number) => Object.fromEntries(sections.slice(0, n).map((k) => [k, text("x")]));
    expect(completeness(card(1))).toBe(11); // 100/9 = 11.1
    expect(completeness(card(4))).toBe(44); // 44.4
    expect(completeness(card(5))).toBe(56); // 55.6
    expect(completeness(card(7))).toBe(78); // 77.8: below the 80 a production release needs
    expect(completeness(card(8))).toBe(89); // 88.9
  });

  it("does not count blank text, empty lists, empty rows or empty sections", () => {
    const card = {
      modelDetails: { text: "  \n\t", developers: [""], date: "" },
      intendedUse: { primaryUses: [] },
      factors: {},
      metrics: { performanceMeasures: [{ name: "", why: " " }] },
      evaluationData: { datasets: [{ name: "", link: "", description: "" }] },
    };
    expect(completeness(card)).toBe(0);
    expect(normalizeCard(card)).toEqual({});
  });

  it("counts a threshold of 0 as content (it is a threshold), so one such section is 11", () => {
    expect(hasContent({ performanceMeasures: [{ threshold: 0 }] })).toBe(true);
    expect(completeness({ metrics: { performanceMeasures: [{ threshold: 0 }] } })).toBe(11);
  });

  it("normalises a card: blank fields and rows dropped, text kept exactly, sections and fields in API.md order", () => {
    const card = {
      trainingData: { datasets: [{ name: "" }, { description: "  kept as written  ", name: "warehouse" }] },
      modelDetails: { contact: "", text: "  Indented Markdown\n" },
    };
    const n = normalizeCard(card);
    expect(n).toEqual({
      modelDetails: { text: "  Indented Markdown\n" },
      trainingData: { datasets: [{ description: "  kept as written  ", name: "warehouse" }] },
    });
    expect(Object.keys(n)).toEqual(["modelDetails", "trainingData"]);
  });
});

describe("the card schema", () => {
  it("refuses an unknown field with its JSON path", () => {
    expect(() => parse(ModelCard, { modelDetails: { text: "x", owner: "me" } }, "The card")).toThrow(
      expect.objectContaining({ status: 400, details: [{ path: "modelDetails.owner", message: "is not a known field" }] }),
    );
    expect(() => parse(ModelCard, { modelCard: {} }, "The card")).toThrow(
      expect.objectContaining({ details: [{ path: "modelCard", message: "is not a known field" }] }),
    );
    expect(() => parse(ModelCard, { metrics: { performanceMeasures: [{ name: "auc", treshold: 0.8 }] } }, "The card")).toThrow(
      expect.objectContaining({ details: [{ path: "metrics.performanceMeasures[0].treshold", message: "is not a known field" }] }),
    );
  });

  it("refuses a date that is not YYYY-MM-DD, a dataset link that is not an absolute URI, and a non-finite threshold", () => {
    const r = ModelCard.safeParse({
      modelDetails: { date: "01/11/2026" },
      trainingData: { datasets: [{ name: "x", link: "our wiki" }] },
      metrics: { performanceMeasures: [{ threshold: "0.8" }] },
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join("."))).toEqual([
      "modelDetails.date",
      "metrics.performanceMeasures.0.threshold",
      "trainingData.datasets.0.link",
    ]);
    expect(ModelCard.safeParse({ modelDetails: { date: "2026-02-29" } }).success).toBe(false); // not a leap year
    expect(
      ModelCard.safeParse({ modelDetails: { date: "2028-02-29", text: "" }, trainingData: { datasets: [{ link: "s3://bucket/train/" }] } })
        .success,
    ).toBe(true);
  });
});
