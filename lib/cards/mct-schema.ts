import { z } from "zod";
import { isFullDate, isUri } from "./uri";

/**
 * Model Card Toolkit model card JSON, schema v0.0.2 (a verbatim copy in ./spec/model-card-toolkit-v0.0.2.schema.json),
 * written out in zod so imports are validated with the same 400 and JSON paths as every other body.
 * As in that schema: no field is required; only the top level refuses unknown properties (nested objects accept
 * them, and mct.ts keeps them); every performance metric value and confidence bound is a string.
 */

const Str = z.string();
const StrictUri = z.string().refine(isUri, "must be an absolute URI");
const StrictDate = z.string().refine(isFullDate, "must be a date as YYYY-MM-DD");
const Described = z.looseObject({ description: Str.optional() });

const Owner = z.looseObject({ name: Str.optional(), contact: Str.optional() });

/**
 * The card's schema with `format: uri` and `format: date` checked as `uri` and `date` say. Imports use it with both
 * as plain strings (`MctImportCard`): the toolkit itself never enforces those formats, and its own test cards carry
 * dates such as 08/28/2020 and links such as path/to/train (mct-lenient.ts reads them and warns).
 */
function mctSchema(Uri: z.ZodString | typeof StrictUri, Day: z.ZodString | typeof StrictDate) {
  const Version = z.looseObject({
    name: Str.optional(),
    date: Day.optional(),
    diff: Str.optional(),
  });
  const License = z
    .looseObject({ identifier: Str.optional(), custom_text: Str.optional() })
    .refine((l) => (l.identifier !== undefined) !== (l.custom_text !== undefined), "needs exactly one of identifier and custom_text");
  const Reference = z.looseObject({ reference: Uri.optional() });
  const Citation = z.looseObject({ style: Str.optional(), citation: Str.optional() });
  const KeyVal = z.looseObject({ key: Str.optional(), value: Str.optional() });
  const Graphic = z.looseObject({ name: Str.optional(), image: Str.optional() });
  const Graphics = z.looseObject({ description: Str.optional(), collection: z.array(Graphic).optional() });
  const Sensitive = z.looseObject({ sensitive_data: z.array(Str).optional() });
  const Dataset = z.looseObject({
    name: Str.optional(),
    link: Uri.optional(),
    sensitive: Sensitive.optional(),
    graphics: Graphics.optional(),
    description: Str.optional(),
  });
  const PerformanceMetric = z.looseObject({
    type: Str.optional(),
    value: z.string({ message: "must be a string (the schema stores every metric value as a string)" }).optional(),
    slice: Str.optional(),
    confidence_interval: z.looseObject({ lower_bound: Str.optional(), upper_bound: Str.optional() }).optional(),
  });
  const Risk = z.looseObject({ name: Str.optional(), mitigation_strategy: Str.optional() });

  return z.strictObject({
    schema_version: Str.optional(),
    model_details: z
      .looseObject({
        name: Str.optional(),
        overview: Str.optional(),
        documentation: Str.optional(),
        owners: z.array(Owner).optional(),
        version: Version.optional(),
        licenses: z.array(License).optional(),
        references: z.array(Reference).optional(),
        citations: z.array(Citation).optional(),
        path: Str.optional(),
      })
      .optional(),
    model_parameters: z
      .looseObject({
        model_architecture: Str.optional(),
        data: z.array(Dataset).optional(),
        input_format: Str.optional(),
        input_format_map: z.array(KeyVal).optional(),
        output_format: Str.optional(),
        output_format_map: z.array(KeyVal).optional(),
      })
      .optional(),
    quantitative_analysis: z
      .looseObject({ performance_metrics: z.array(PerformanceMetric).optional(), graphics: Graphics.optional() })
      .optional(),
    considerations: z
      .looseObject({
        users: z.array(Described).optional(),
        use_cases: z.array(Described).optional(),
        limitations: z.array(Described).optional(),
        tradeoffs: z.array(Described).optional(),
        ethical_considerations: z.array(Risk).optional(),
      })
      .optional(),
  });
}

export const MctModelCard = mctSchema(StrictUri, StrictDate).meta({
  id: "MctModelCard",
  description: "A Model Card Toolkit v0.0.2 model card (JSON schema in ../standards/model-card-toolkit-v0.0.2.schema.json).",
});

export type MctModelCard = z.infer<typeof MctModelCard>;
/** What an import takes: the same shape with dates and links as written (mct-lenient.ts normalises and warns). */
export const MctImportCard = mctSchema(Str, Str);

/** The schema_version Steward writes. */
export const MCT_SCHEMA_VERSION = "0.0.2";
