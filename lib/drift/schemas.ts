import { z } from "zod";

/** Values a numeric reference may hold per feature, and categories a categorical one. */
export const MAX_REFERENCE_VALUES = 1_000_000;
export const MAX_CATEGORIES = 10_000;
export const MAX_FEATURES = 500;

// zod 4 refuses ±Infinity (JSON 1e999) as a type error: its message is this one too, not the generic "expected number".
const Finite = z.number({ error: "must be a finite number" }).refine(Number.isFinite, "must be a finite number");
const FeatureName = z
  .string()
  .min(1, "must not be empty")
  .max(200, "must be at most 200 characters")
  .refine((s) => s !== "*", '"*" is reserved');

export const NumericProfile = z
  .strictObject({
    type: z.literal("numeric"),
    values: z.array(Finite).min(1, "must hold at least one value").max(MAX_REFERENCE_VALUES),
  })
  .meta({ id: "NumericProfile", description: "the feature's values in the training data (or a uniform sample of them)" });

export const CategoricalProfile = z
  .strictObject({
    type: z.literal("categorical"),
    counts: z
      .record(z.string().max(1000), z.number().int("must be a whole number").min(0, "must not be negative"))
      .refine((c) => Object.keys(c).length >= 1, "must hold at least one category")
      .refine((c) => Object.keys(c).length <= MAX_CATEGORIES, `must hold at most ${MAX_CATEGORIES} categories`)
      .refine((c) => Object.values(c).some((n) => n > 0), "must count at least one row"),
  })
  .meta({ id: "CategoricalProfile", description: "rows per category in the training data" });

export const FeatureProfile = z.discriminatedUnion("type", [NumericProfile, CategoricalProfile], {
  message: "type must be numeric or categorical",
});
export type FeatureProfile = z.infer<typeof FeatureProfile>;

export const ReferenceProfile = z
  .strictObject({
    features: z
      .record(FeatureName, FeatureProfile)
      .refine((f) => Object.keys(f).length >= 1, "must hold at least one feature")
      .refine((f) => Object.keys(f).length <= MAX_FEATURES, `must hold at most ${MAX_FEATURES} features`),
    prediction: FeatureProfile.optional().meta({
      description:
        "the model's outputs on the training data (optional): numeric values give the 0.5–99.5 % range predictions are checked against for outliers, counts the classes it knows",
    }),
  })
  .meta({ id: "ReferenceProfile" });
export type ReferenceProfile = z.infer<typeof ReferenceProfile>;

const Sample = z.union([
  z.array(Finite).min(1, "must hold at least one value").max(MAX_REFERENCE_VALUES),
  z.array(z.string().max(1000)).min(1, "must hold at least one value").max(MAX_REFERENCE_VALUES),
  z.record(z.string().max(1000), z.number().int().min(0)),
]);

export const DriftRequest = z
  .strictObject({
    feature: FeatureName,
    type: z.enum(["numeric", "categorical"], { message: "must be numeric or categorical" }),
    reference: Sample.meta({ description: "numeric: the values; categorical: the values, or {category: count}" }),
    current: Sample.meta({ description: "as reference" }),
  })
  .superRefine((r, ctx) => {
    for (const side of ["reference", "current"] as const) {
      const v = r[side];
      if (r.type === "numeric" && !(Array.isArray(v) && v.every((x) => typeof x === "number")))
        ctx.addIssue({ code: "custom", path: [side], message: "must be an array of numbers for a numeric feature" });
      if (!Array.isArray(v) && !Object.values(v).some((n) => n > 0))
        ctx.addIssue({ code: "custom", path: [side], message: "must count at least one row" });
    }
  })
  .meta({ id: "DriftRequest" });
export type DriftRequest = z.infer<typeof DriftRequest>;

export const DriftResultSchema = z
  .object({
    psi: z.number(),
    ks: z.object({ statistic: z.number(), pValue: z.number() }).optional(),
    chiSquare: z
      .object({
        statistic: z.number().nullable().meta({ description: "null when unbounded: a category the reference never saw" }),
        pValue: z.number(),
      })
      .optional(),
    z: z.object({ statistic: z.number(), pValue: z.number() }).optional(),
    wasserstein: z.number().optional().meta({ description: "Wasserstein-1 divided by max(std(reference), 0.001)" }),
    jensenShannon: z.number().optional(),
    method: z.enum(["ks", "chi_square", "z", "wasserstein", "jensen_shannon"]),
    drifted: z.boolean(),
  })
  .meta({ id: "DriftResult" });

export const DriftWindow = z
  .object({
    version: z.string(),
    feature: z.string(),
    from: z.string(),
    to: z.string(),
    n: z.number().int().meta({ description: "events in the window that carried the feature" }),
    missing: z.number().int().meta({ description: "events that lacked the feature or sent null" }),
    missingRate: z.number().nullable(),
    result: DriftResultSchema.nullable().meta({ description: `null when the window has fewer than the minimum events to judge` }),
  })
  .meta({ id: "DriftWindow" });

export const DriftSeries = z
  .object({
    windows: z.array(DriftWindow),
    missingRate: z
      .array(
        z.object({
          version: z.string(),
          from: z.string(),
          events: z.number().int(),
          missingAny: z.number().int(),
          rate: z.number().nullable(),
        }),
      )
      .meta({
        description: "feature missing rate per version and window: events lacking or nulling any reference feature ÷ events",
      }),
  })
  .meta({ id: "DriftSeries" });

export const ReferenceView = z
  .object({
    model: z.string(),
    version: z.string(),
    features: z.array(
      z.object({
        name: z.string(),
        type: z.enum(["numeric", "categorical"]),
        rows: z.number().int(),
        distinct: z.number().int(),
        method: z
          .enum(["ks", "chi_square", "z", "wasserstein", "jensen_shannon"])
          .meta({ description: "the default test; z is chosen when both samples hold at most two categories" }),
        range: z
          .tuple([z.number(), z.number()])
          .optional()
          .meta({ description: "numeric features: the reference's 0.5 % and 99.5 % quantiles; values outside count as outliers" }),
      }),
    ),
    prediction: z
      .object({ type: z.enum(["numeric", "categorical"]), rows: z.number().int(), range: z.tuple([z.number(), z.number()]).optional() })
      .optional()
      .meta({ description: "present when the profile holds the prediction's: its 0.5–99.5 % range when numeric" }),
    updatedAt: z.string(),
    createdBy: z.string(),
  })
  .meta({ id: "ReferenceView" });
