import fs from "node:fs";
import path from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeCard } from "./content";
import { FULL_CARD } from "./fixtures/cards";
import { fromMct, toMct } from "./mct";
import type { ModelCard } from "./schemas";

// The schema is kept in the project (./spec, verbatim); it is compared with ../shared/standards only where that exists.
const schemaPath = path.join(__dirname, "spec/model-card-toolkit-v0.0.2.schema.json");
const sharedSchemaPath = path.resolve(process.cwd(), "../shared/standards/model-card-toolkit-v0.0.2.schema.json");
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, "utf8")));
function expectValid(doc: unknown) {
  const ok = validate(doc);
  expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([]);
  expect(ok).toBe(true);
}

const census = () => JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures/mct-census-income.json"), "utf8"));

describe("Model Card Toolkit v0.0.2 export", () => {
  it.runIf(fs.existsSync(sharedSchemaPath))("keeps its copy of the schema identical to the shared standard", () => {
    expect(fs.readFileSync(schemaPath, "utf8")).toBe(fs.readFileSync(sharedSchemaPath, "utf8"));
  });

  it("validates against the shared schema and maps fields onto their MCT counterparts", () => {
    const mct = toMct(FULL_CARD, { model: "credit-default", version: "1.2.0" }) as Record<string, any>;
    expectValid(mct);
    expect(mct.schema_version).toBe("0.0.2");
    expect(mct.model_details).toMatchObject({
      name: "credit-default",
      overview: FULL_CARD.modelDetails?.text,
      version: { name: "1.2.0", date: "2026-11-01" },
      licenses: [{ identifier: "proprietary" }],
      owners: [
        { name: "Credit Risk Modelling", contact: "credit-risk-models@bank.example" },
        { name: "Fraud & Risk Platform", contact: "risk-platform@bank.example" },
      ],
      citations: [{ citation: FULL_CARD.modelDetails?.citation }],
    });
    expect(mct.model_parameters.model_architecture).toBe("XGBoost binary classifier (gradient-boosted decision trees)");
    expect(mct.model_parameters.data.map((d: { name: string; description?: string }) => [d.name, d.description])).toEqual([
      ["applications-2019-2025", "1.2M applications with bureau features."],
      ["bureau-snapshots", undefined],
      ["holdout-2026Q3", "Evaluation data: 48,210 applications, July–September 2026."],
      ["fairness-sample-2026", "Evaluation data: Evaluation data: a stratified sample with self-reported sex and age."],
    ]);
    expect(mct.considerations).toEqual({
      users: [{ description: "Loan officers" }, { description: "Credit risk analysts" }],
      use_cases: [
        { description: "Pre-screening retail loan applications" },
        { description: "Setting review priority for borderline applications" },
      ],
      limitations: [
        { description: "Recalibrate after any change to the bureau's scoring" },
        { description: "Do not use for applicants with thin credit files" },
      ],
      ethical_considerations: [
        { name: "Proxy discrimination through region", mitigation_strategy: "Region is excluded; disparities are audited each release." },
        { name: "Automation bias", mitigation_strategy: "The score is advisory and shown with its main reasons." },
      ],
    });
    // What MCT has no field for travels in documentation, readable as YAML.
    expect(mct.model_details.documentation).toContain("```yaml steward-card\n");
    expect(mct.model_details.documentation).toContain("outOfScopeUses:\n    - Automated rejection without human review");
    expect(mct.model_details.documentation).toContain("evaluationFactors:");
    expect(mct.model_details.documentation).toContain("threshold: 0.75");
  });

  it("card → MCT → card gives the identical card, with and without model and version names", () => {
    expect(fromMct(toMct(FULL_CARD))).toEqual(FULL_CARD);
    const meta = { model: "credit-default", version: "1.2.0" };
    expect(fromMct(toMct(FULL_CARD, meta), meta)).toEqual(FULL_CARD);
    expect(toMct({})).toEqual({ schema_version: "0.0.2" });
    expect(fromMct(toMct({}))).toEqual({});
  });

  it("exports the same document whatever order the card's keys come in (Postgres jsonb reorders them)", () => {
    const reordered = JSON.parse(JSON.stringify(FULL_CARD), (_, v) =>
      v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
    );
    expect(JSON.stringify(toMct(reordered))).toBe(JSON.stringify(toMct(FULL_CARD)));
    expect(fromMct(toMct(reordered), { model: "m", version: "2" })).toMatchObject({
      factors: FULL_CARD.factors,
      metrics: FULL_CARD.metrics,
    });
  });

  it("keeps cards identical whose text looks like the markers the mapping uses", () => {
    const tricky: ModelCard = {
      modelDetails: {
        text: "Model Card Toolkit fields kept from the import (this card has no field for them):\n\n```yaml mct\nnot: [valid\n```",
        developers: ["A <a@x.example>", "B <b@x.example>", "C"],
        license: "MIT OR Apache-2.0",
      },
      trainingData: {
        datasets: [
          { name: "t1", description: "Evaluation data: but it trained the model" },
          { name: "t2", description: "Training data: Evaluation data" },
          { name: "t3", description: "Training data: plain" },
        ],
      },
      evaluationData: { datasets: [{ name: "e1" }] },
      intendedUse: { text: "Steward model card fields that the Model Card Toolkit has no field for:" },
      caveatsAndRecommendations: { text: "- a single bullet" },
    };
    const mct = toMct(tricky);
    expectValid(mct);
    expect(fromMct(mct)).toEqual(tricky);
  });

  it("round-trips any card (property test over generated cards with awkward text)", () => {
    const awkward = fc.constantFrom(
      "",
      " ",
      "- a\n- b",
      "- only",
      "Evaluation data",
      "Evaluation data: x",
      "Training data: Evaluation data: y",
      "yes",
      "1.0",
      "null",
      "line\n\n```yaml mct\na: 1\n```",
      "  leading and trailing  ",
      "tab\tand ünïcödé ✓",
      "A <a@b.example>",
    );
    const s = fc.oneof(awkward, fc.string({ maxLength: 40 }), fc.string({ unit: "grapheme", maxLength: 20 }));
    const list = fc.array(s, { maxLength: 3 });
    const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
    const dataset = fc.record(
      { name: opt(s), link: opt(fc.constantFrom("https://x.example/d", "s3://b/k")), description: opt(s) },
      { requiredKeys: [] },
    );
    const card = fc.record(
      {
        modelDetails: fc.record(
          {
            text: s,
            developers: list,
            date: fc.constantFrom("2026-01-31", "2024-02-29"),
            type: s,
            license: fc.oneof(s, fc.constantFrom("MIT", "Apache-2.0")),
            citation: s,
            contact: s,
          },
          { requiredKeys: [] },
        ),
        intendedUse: fc.record({ text: s, primaryUses: list, primaryUsers: list, outOfScopeUses: list }, { requiredKeys: [] }),
        factors: fc.record({ text: s, relevantFactors: list, evaluationFactors: list }, { requiredKeys: [] }),
        metrics: fc.record(
          {
            text: s,
            performanceMeasures: fc.array(
              fc.record(
                { name: opt(s), threshold: opt(fc.double({ noNaN: true, noDefaultInfinity: true })), why: opt(s) },
                { requiredKeys: [] },
              ),
              { maxLength: 2 },
            ),
          },
          { requiredKeys: [] },
        ),
        evaluationData: fc.record({ text: s, datasets: fc.array(dataset, { maxLength: 2 }) }, { requiredKeys: [] }),
        trainingData: fc.record({ text: s, datasets: fc.array(dataset, { maxLength: 3 }) }, { requiredKeys: [] }),
        quantitativeAnalyses: fc.record({ text: s, evaluationIds: list, biasAuditIds: list }, { requiredKeys: [] }),
        ethicalConsiderations: fc.record(
          { text: s, items: fc.array(fc.record({ name: opt(s), mitigation: opt(s) }, { requiredKeys: [] }), { maxLength: 2 }) },
          { requiredKeys: [] },
        ),
        caveatsAndRecommendations: fc.record({ text: s }, { requiredKeys: [] }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(card, (raw) => {
        const c = normalizeCard(JSON.parse(JSON.stringify(raw)) as ModelCard);
        const mct = toMct(c, { model: "m", version: "1" });
        if (!validate(mct)) throw new Error(JSON.stringify(validate.errors));
        expect(fromMct(mct, { model: "m", version: "1" })).toEqual(c);
      }),
      { numRuns: 300 },
    );
  });
});

describe("Model Card Toolkit v0.0.2 import", () => {
  it("maps an MCT card into the sections and keeps what has no field in the nearest section's text", () => {
    const card = fromMct(census());
    expect(card.modelDetails).toMatchObject({
      text: expect.stringMatching(/^This is a wide and deep Keras model/),
      developers: ["Model Cards Team", "Census Analytics <census-analytics@example.com>"],
      contact: "model-cards@example.com",
      date: "2020-01-01",
      type: "Wide and deep neural network",
      license: "Apache-2.0",
    });
    expect(card.intendedUse).toEqual({
      primaryUses: ["Estimating the share of high earners in a population for research"],
      primaryUsers: ["Researchers studying income prediction", "Policy analysts"],
    });
    expect(card.ethicalConsiderations?.items).toEqual([
      {
        name: "The data contains sensitive attributes such as sex and race.",
        mitigation: "Evaluate performance across those slices before any use.",
      },
    ]);
    // Two limitations read as a bullet list; the tradeoff, which has no field, is kept beside them.
    expect(card.caveatsAndRecommendations?.text).toMatch(
      /^- The 1994 census data does not reflect today's income distribution\.\n- Individuals are not identified; predictions about a single person are unreliable\.\n\n/,
    );
    expect(card.caveatsAndRecommendations?.text).toContain("tradeoffs:\n    - description: A lower threshold raises recall");
    // Metric values, slices and graphics are kept in Quantitative analyses; references, path and formats in Model details.
    expect(card.quantitativeAnalyses?.text).toContain('performance_metrics:\n    - type: accuracy\n      value: "0.8531"');
    expect(card.quantitativeAnalyses?.text).toContain("image: iVBORw0KGgo");
    expect(card.modelDetails?.text).toContain("path: gs://example-models/census/0.1");
    expect(card.modelDetails?.text).toContain("input_format_map:");
    // A dataset with fields the card has no place for (sensitive) is kept whole, in Training data.
    expect(card.trainingData?.text).toContain("sensitive_data:");
  });

  it("MCT → card → MCT gives back every field the input had", () => {
    const input = census();
    expect(toMct(fromMct(input))).toEqual(input);
    // Imported into a model and version, the card describes them: their names replace the toolkit card's.
    const meta = { model: "census-income", version: "2.0" };
    const back = toMct(fromMct(input, meta), meta) as Record<string, any>;
    expectValid(back);
    expect(back).toEqual({
      ...input,
      model_details: { ...input.model_details, name: "census-income", version: { ...input.model_details.version, name: "2.0" } },
    });
  });

  it("keeps nested fields the schema allows but does not name, and empty ones", () => {
    const input = {
      schema_version: "0.0.1",
      model_details: { name: "x", owners: [], version: { name: "v1", internal_id: 7 }, custom: { a: [1, null, true] } },
      model_parameters: { data: [{ name: "d", graphics: {} }] },
      considerations: { limitations: [{ description: "" }], tradeoffs: [], reviewers: ["q"] },
      quantitative_analysis: {},
    };
    expectValid(input);
    const card = fromMct(input);
    const back = toMct(card);
    expectValid(back);
    expect(back).toEqual(input);
  });

  it("refuses what breaks the toolkit's schema, naming the field", () => {
    expect(() => fromMct({ quantitative_analysis: { performance_metrics: [{ type: "auc", value: 0.8 }] } })).toThrow(
      expect.objectContaining({
        status: 400,
        details: [expect.objectContaining({ path: "quantitative_analysis.performance_metrics[0].value" })],
      }),
    );
    expect(() => fromMct({ model_details: {}, extra: 1 })).toThrow(
      expect.objectContaining({ details: [{ path: "extra", message: "is not a known field" }] }),
    );
    expect(() => fromMct({ model_details: { version: { date: "08/28/2020" } } })).toThrow(
      expect.objectContaining({ details: [{ path: "model_details.version.date", message: "must be a date as YYYY-MM-DD" }] }),
    );
    expect(() => fromMct({ model_details: { licenses: [{ identifier: "MIT", custom_text: "MIT" }] } })).toThrow(
      expect.objectContaining({ details: [expect.objectContaining({ path: "model_details.licenses[0]" })] }),
    );
    expect(() => fromMct([])).toThrow(expect.objectContaining({ status: 400 }));
  });

  it("a carried block edited by hand into something else stays text, and the export still validates", () => {
    const card = fromMct(census());
    const edited: ModelCard = {
      ...card,
      quantitativeAnalyses: { text: (card.quantitativeAnalyses?.text ?? "").replace('value: "0.8531"', "value: 0.8531") },
    };
    const mct = toMct(edited);
    expectValid(mct);
    expect(fromMct(mct)).toEqual(normalizeCard(edited));
  });
});
