import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { completeness } from "./completeness";
import { fromHuggingFace } from "./huggingface";
import { ModelCard } from "./schemas";

const readme = fs.readFileSync(path.join(__dirname, "fixtures/hf-review-sentiment-README.md"), "utf8");

describe("Hugging Face model card import", () => {
  const card = fromHuggingFace(readme);

  it("gives a valid card with all nine sections filled", () => {
    expect(ModelCard.safeParse(card).success).toBe(true);
    expect(completeness(card)).toBe(100);
  });

  it("maps Model Details bullets, the license, citation and contact into their fields", () => {
    expect(card.modelDetails).toMatchObject({
      developers: ["Acme Applied ML"],
      type: "Transformer encoder (DistilRoBERTa) with a sequence classification head",
      license: "apache-2.0",
      contact: "ml-models@acme.example",
    });
    expect(card.modelDetails?.citation).toMatch(/^@misc\{acme2025reviewsentiment,\n {2}title {2}= \{DistilRoBERTa Review Sentiment\},/);
    const text = card.modelDetails?.text ?? "";
    expect(text.startsWith("A DistilRoBERTa model fine-tuned to classify English product and business reviews")).toBe(true);
    // Bullets without a field of their own stay, without the template's "[optional]" noise; blanks are dropped.
    expect(text).toContain("- **Shared by:** Acme Applied ML");
    expect(text).toContain("- **Repository:** https://github.com/acme-ml/review-sentiment");
    expect(text).not.toContain("More Information Needed");
    expect(text).not.toContain("Funded by");
    expect(text).not.toContain("<!--");
    expect(text).toContain("**APA:**\n\nAcme Applied ML. (2025).");
    expect(text).toContain("Dana Whitfield, Acme Applied ML");
    // Front matter with no field is kept as YAML.
    expect(text).toContain(
      "### Hugging Face metadata\n\n```yaml\nlanguage:\n  - en\nlibrary_name: transformers\npipeline_tag: text-classification",
    );
    expect(text).toContain("base_model: distilbert/distilroberta-base");
  });

  it("maps Uses: bullets of Direct Use are primary uses, Out-of-Scope Use the out-of-scope list, the rest text", () => {
    expect(card.intendedUse?.primaryUses).toEqual([
      "Routing negative reviews to a customer-care queue",
      "Tracking the share of negative reviews per product over time",
    ]);
    expect(card.intendedUse?.outOfScopeUses).toEqual([
      "Moderating user content or deciding whether a review is published",
      "Reviews written in languages other than English",
      "Judging the sentiment of individuals in contexts such as hiring or credit",
    ]);
    const text = card.intendedUse?.text ?? "";
    expect(text).toContain("#### Direct Use\n\nThe model can be used directly to score the sentiment");
    expect(text).toContain("#### Downstream Use\n\nFine-tune further");
    // A code block's comment lines are code, not headings.
    expect(text).toContain("# Load the classifier from the Hub\nclassifier = pipeline(");
    expect(text).toContain("## A heading-like comment inside code must stay code");
  });

  it("maps risks, recommendations, training, evaluation, factors, metrics and results into their sections", () => {
    expect(card.ethicalConsiderations?.text).toMatch(/^The training reviews come mostly from US customers/);
    expect(card.ethicalConsiderations?.text).toContain("### Environmental Impact");
    expect(card.ethicalConsiderations?.text).toContain("- **Carbon Emitted:** 0.9 kg CO2eq");
    expect(card.caveatsAndRecommendations?.text).toMatch(/^#### Recommendations\n\nUsers \(both direct and downstream\)/);
    expect(card.trainingData?.datasets).toEqual([
      { name: "amazon_polarity", link: "https://huggingface.co/datasets/amazon_polarity" },
      { name: "yelp_polarity", link: "https://huggingface.co/datasets/yelp_polarity" },
    ]);
    // A heading that only repeats the section's name is not repeated inside it.
    expect(card.trainingData?.text).toMatch(/^400,000 reviews sampled evenly/);
    expect(card.trainingData?.text).toContain("#### Training Procedure\n\n##### Preprocessing");
    expect(card.trainingData?.text).toContain("##### Preprocessing\n\nReviews were truncated to 256 tokens");
    expect(card.trainingData?.text).toContain("- num_epochs: 3");
    expect(card.trainingData?.text).not.toContain("Speeds, Sizes, Times"); // only a placeholder there
    expect(card.evaluationData?.text).toContain("The held-out test splits of Amazon Polarity (400,000 reviews)");
    expect(card.evaluationData?.datasets).toEqual([
      {
        name: "Amazon Polarity",
        link: "https://huggingface.co/datasets/amazon_polarity",
        description: "config amazon_polarity, split test",
      },
      { name: "Yelp Polarity", link: "https://huggingface.co/datasets/yelp_polarity", description: "split test" },
    ]);
    expect(card.factors?.text).toBe("Results are disaggregated by source (Amazon, Yelp) and by review length (under and over 100 tokens).");
    expect(card.metrics).toEqual({
      text: "Accuracy and macro F1, since both classes matter equally to the customer-care team.",
      performanceMeasures: [{ name: "accuracy" }, { name: "f1" }],
    });
    const qa = card.quantitativeAnalyses?.text ?? "";
    expect(qa).toContain("| Text Classification | Amazon Polarity | amazon_polarity | test | Accuracy | 0.9512 | false |");
    expect(qa).toContain("| Text Classification | Yelp Polarity |  | test | Accuracy | 0.9437 |  |");
    expect(qa).toContain("| Yelp Polarity | 0.9437 | 0.9436 |");
    expect(qa).toContain("The model performs similarly on both sources");
  });

  it("reads a card without front matter, with CRLF line ends and headings it does not know", () => {
    const c = fromHuggingFace(
      "# My model\r\n\r\nSummary.\r\n\r\n## Intended uses & limitations\r\n\r\nFor demos.\r\n\r\n## Quirks\r\n\r\nSlow on CPU.\r\n\r\n### Limitations\r\n\r\nShort texts only.\r\n",
    );
    // The title (the model's name) is not kept; an unknown section goes to Model details.
    expect(c.modelDetails?.text).toBe("Summary.\n\n### Quirks\n\nSlow on CPU.");
    expect(c.intendedUse?.text).toBe("For demos.");
    expect(c.caveatsAndRecommendations?.text).toBe("#### Limitations\n\nShort texts only.");
  });

  it("refuses front matter that is not valid YAML (400 naming frontMatter)", () => {
    expect(() => fromHuggingFace("---\nlicense: [mit\n---\n# x\n")).toThrow(
      expect.objectContaining({ status: 400, details: [{ path: "frontMatter", message: "is not valid YAML" }] }),
    );
  });
});
