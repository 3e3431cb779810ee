import { describe, expect, it } from "vitest";
import { FULL_CARD } from "./fixtures/cards";
import { toMarkdown } from "./markdown";

describe("Markdown export", () => {
  it("has the nine section headings in the paper's order, whether or not they hold content", () => {
    const md = toMarkdown({ factors: { text: "By age band." } }, { model: "credit-default", version: "1.2.0" });
    expect(md.split("\n").filter((l) => l.startsWith("#"))).toEqual([
      "# Model card: credit-default 1.2.0",
      "## Model details",
      "## Intended use",
      "## Factors",
      "## Metrics",
      "## Evaluation data",
      "## Training data",
      "## Quantitative analyses",
      "## Ethical considerations",
      "## Caveats and recommendations",
    ]);
    expect(md).toContain("## Factors\n\nBy age band.\n\n## Metrics\n\n_Not filled in yet._");
  });

  it("writes structured fields as lists and tables, text as written", () => {
    const md = toMarkdown(FULL_CARD, {
      model: "credit-default",
      version: "1.2.0",
      revision: 3,
      completeness: 100,
      savedAt: "2026-11-02T09:00:00.000Z",
      savedBy: "chen@example.com",
    });
    expect(md).toContain("Revision 3 · saved 2026-11-02T09:00:00.000Z by chen@example.com · 100% complete");
    expect(md).toContain(
      "- **Developers:** Credit Risk Modelling; Fraud & Risk Platform <risk-platform@bank.example>\n- **Date:** 2026-11-01\n- **Type:** XGBoost binary classifier (gradient-boosted decision trees)\n- **License:** proprietary\n- **Contact:** credit-risk-models@bank.example",
    );
    expect(md).toContain("**Citation**\n\n```\n@techreport{creditdefault2026,");
    expect(md).toContain(
      "**Out-of-scope uses**\n\n- Automated rejection without human review\n- Business or mortgage lending\n- Applicants outside the EU",
    );
    expect(md).toContain(
      "| Measure | Threshold | Why |\n| --- | --- | --- |\n| auc | 0.75 | Below 0.75 the score no longer separates good from bad applicants well enough to help. |\n| expected_calibration_error | 0.05 | Officers read the score as a probability. |\n| approval_rate_ratio | 0 |  |",
    );
    expect(md).toContain("| holdout-2026Q3 | <s3://lending-warehouse/holdout/2026Q3/> | 48,210 applications, July–September 2026. |");
    expect(md).toContain(
      "| Risk | Mitigation |\n| --- | --- |\n| Proxy discrimination through region | Region is excluded; disparities are audited each release. |",
    );
    expect(md).toContain("**Evaluations cited**\n\n- 8f0f4a52-5c2e-4c57-9a0a-6f1f3c1d2b10");
    expect(md.endsWith("- Do not use for applicants with thin credit files\n")).toBe(true);
  });

  it("escapes table cells and keeps multi-line values inside their cell or list item", () => {
    const md = toMarkdown({
      ethicalConsiderations: { items: [{ name: "a | b", mitigation: "line 1\nline 2" }] },
      intendedUse: { primaryUses: ["first line\nsecond line"] },
      modelDetails: { citation: "```\nfenced\n```" },
    });
    expect(md).toContain("| a \\| b | line 1<br>line 2 |");
    expect(md).toContain("- first line\n  second line");
    expect(md).toContain("````\n```\nfenced\n```\n````");
  });
});
