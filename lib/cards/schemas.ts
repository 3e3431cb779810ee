import { z } from "zod";
import { isFullDate, isUri } from "./uri";

/**
 * The model card of API.md: the nine sections of Mitchell et al. 2019, "Model Cards for Model Reporting".
 * Every field is optional and every object is strict, so an unknown field is a 400 that names it.
 */

// Generous: a card imported from the Model Card Toolkit may carry base64 graphics in its text (see mct.ts).
const Markdown = z.string().max(2_000_000);
const Short = z.string().max(1_000);
const Item = z.string().max(4_000);
const List = z.array(Item).max(200);
const Link = z
  .string()
  .max(2_000)
  .refine((s) => s === "" || isUri(s), "must be an absolute URI such as https://example.com/data or s3://bucket/path");
const Day = z.string().refine((s) => s === "" || isFullDate(s), "must be a date as YYYY-MM-DD");
const Threshold = z.number().refine(Number.isFinite, "must be a finite number");

export const CardDataset = z
  .strictObject({ name: Short.optional(), link: Link.optional(), description: z.string().max(20_000).optional() })
  .meta({ id: "CardDataset" });

export const ModelDetailsSection = z.strictObject({
  text: Markdown.optional(),
  developers: z.array(Short).max(100).optional(),
  date: Day.optional(),
  type: Short.optional(),
  license: Short.optional(),
  citation: z.string().max(20_000).optional(),
  contact: Short.optional(),
});

export const IntendedUseSection = z.strictObject({
  text: Markdown.optional(),
  primaryUses: List.optional(),
  primaryUsers: List.optional(),
  outOfScopeUses: List.optional(),
});

export const FactorsSection = z.strictObject({
  text: Markdown.optional(),
  relevantFactors: List.optional(),
  evaluationFactors: List.optional(),
});

export const PerformanceMeasure = z
  .strictObject({ name: Short.optional(), threshold: Threshold.optional(), why: Item.optional() })
  .meta({ id: "CardPerformanceMeasure" });

export const MetricsSection = z.strictObject({
  text: Markdown.optional(),
  performanceMeasures: z.array(PerformanceMeasure).max(200).optional(),
});

export const DataSection = z.strictObject({
  text: Markdown.optional(),
  datasets: z.array(CardDataset).max(200).optional(),
});

export const QuantitativeAnalysesSection = z.strictObject({
  text: Markdown.optional(),
  evaluationIds: z.array(z.string().max(200)).max(500).optional(),
  biasAuditIds: z.array(z.string().max(200)).max(500).optional(),
});

export const EthicalConsideration = z
  .strictObject({ name: Item.optional(), mitigation: Item.optional() })
  .meta({ id: "CardEthicalConsideration" });

export const EthicalConsiderationsSection = z.strictObject({
  text: Markdown.optional(),
  items: z.array(EthicalConsideration).max(200).optional(),
});

export const CaveatsSection = z.strictObject({ text: Markdown.optional() });

export const ModelCard = z
  .strictObject({
    modelDetails: ModelDetailsSection.optional(),
    intendedUse: IntendedUseSection.optional(),
    factors: FactorsSection.optional(),
    metrics: MetricsSection.optional(),
    evaluationData: DataSection.optional(),
    trainingData: DataSection.optional(),
    quantitativeAnalyses: QuantitativeAnalysesSection.optional(),
    ethicalConsiderations: EthicalConsiderationsSection.optional(),
    caveatsAndRecommendations: CaveatsSection.optional(),
  })
  .meta({ id: "ModelCard", description: "The nine sections of Mitchell et al. 2019; every field optional, unknown fields refused." });

export type ModelCard = z.infer<typeof ModelCard>;
export type CardDataset = z.infer<typeof CardDataset>;
export type SectionKey = keyof ModelCard;

/** The nine sections in the paper's order, with the headings the card is shown, printed and exported under. */
export const SECTIONS = [
  { key: "modelDetails", title: "Model details" },
  { key: "intendedUse", title: "Intended use" },
  { key: "factors", title: "Factors" },
  { key: "metrics", title: "Metrics" },
  { key: "evaluationData", title: "Evaluation data" },
  { key: "trainingData", title: "Training data" },
  { key: "quantitativeAnalyses", title: "Quantitative analyses" },
  { key: "ethicalConsiderations", title: "Ethical considerations" },
  { key: "caveatsAndRecommendations", title: "Caveats and recommendations" },
] as const satisfies readonly { key: SectionKey; title: string }[];

/** The fields of each section, in the order API.md lists them (the order diffs and exports follow). */
export const SECTION_FIELDS = {
  modelDetails: ["text", "developers", "date", "type", "license", "citation", "contact"],
  intendedUse: ["text", "primaryUses", "primaryUsers", "outOfScopeUses"],
  factors: ["text", "relevantFactors", "evaluationFactors"],
  metrics: ["text", "performanceMeasures"],
  evaluationData: ["text", "datasets"],
  trainingData: ["text", "datasets"],
  quantitativeAnalyses: ["text", "evaluationIds", "biasAuditIds"],
  ethicalConsiderations: ["text", "items"],
  caveatsAndRecommendations: ["text"],
} as const satisfies { [K in SectionKey]-?: readonly (keyof NonNullable<ModelCard[K]>)[] };

export const CARD_SOURCES = ["api", "browser", "import", "copy"] as const;
export type CardSource = (typeof CARD_SOURCES)[number];

// Queries and responses (for the handlers and the OpenAPI document)

export const CardFormat = z.enum(["json", "mct", "markdown"]);

export const GetCardQuery = z.object({
  format: CardFormat.default("json"),
  revision: z.coerce.number().int().min(1).optional(),
});

export const ListRevisionsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});

export const DiffQuery = z.object({
  from: z.coerce.number().int().min(1),
  to: z.coerce.number().int().min(1),
});

export const CardSummary = z
  .object({
    revision: z.number().int(),
    completeness: z.number().int().min(0).max(100),
    needsReview: z.boolean(),
    savedAt: z.string(),
  })
  .meta({ id: "CardSummary" });

export const CardRevisionInfo = CardSummary.extend({
  source: z.enum(CARD_SOURCES),
  savedBy: z.string(),
}).meta({ id: "CardRevisionInfo" });

export const CardDocument = CardRevisionInfo.extend({
  model: z.string(),
  version: z.string(),
  card: ModelCard,
}).meta({ id: "CardDocument" });

export const SavedCard = z
  .object({
    revision: z.number().int(),
    completeness: z.number().int().min(0).max(100),
    needsReview: z.boolean(),
    savedAt: z.string(),
  })
  .meta({ id: "SavedCard" });

export const ImportedCard = SavedCard.extend({
  format: z.enum(["mct", "huggingface"]),
  card: ModelCard,
  warnings: z.array(z.object({ path: z.string(), message: z.string() })).meta({
    description:
      "what was read leniently, by JSON path: a date normalised to YYYY-MM-DD or kept as written, a relative link kept as written, a 0.0.1 card upgraded; empty when none",
  }),
}).meta({ id: "ImportedCard" });

export const CopiedCard = SavedCard.extend({
  copiedFrom: z.object({ version: z.string(), revision: z.number().int() }),
}).meta({ id: "CopiedCard" });

const FieldChange = z.object({
  field: z.string(),
  changed: z.boolean(),
  before: z.unknown(),
  after: z.unknown(),
  lines: z
    .array(z.object({ op: z.enum(["equal", "add", "remove"]), text: z.string() }))
    .optional()
    .describe("line-by-line changes of a Markdown text field"),
});

export const SectionDiff = z
  .object({
    section: z.string(),
    title: z.string(),
    changed: z.boolean(),
    before: z.unknown(),
    after: z.unknown(),
    fields: z.array(FieldChange),
  })
  .meta({ id: "CardSectionDiff" });

export const CardDiff = z
  .object({
    model: z.string(),
    version: z.string(),
    from: CardRevisionInfo,
    to: CardRevisionInfo,
    sections: z.array(SectionDiff),
  })
  .meta({ id: "CardDiff" });
