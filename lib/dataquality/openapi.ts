import type { ResponseConfig, RouteConfig, ZodRequestBody } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import type { OpenApiHelpers } from "../api/openapi-helpers";

type Helpers = Pick<OpenApiHelpers, "ok" | "body" | "errors">;

export const DataQualityQuery = z
  .strictObject({
    namespace: z
      .string()
      .min(1)
      .max(1000)
      .optional()
      .meta({ description: "the lineage dataset's namespace (with name), when the body is the bare GE result" }),
    name: z.string().min(1).max(1000).optional().meta({ description: "the lineage dataset's name" }),
  })
  .meta({ id: "DataQualityQuery" });

const ExpectationResult = z
  .object({
    expectation_config: z
      .object({
        type: z.string().optional().meta({ description: "GE 1.x" }),
        expectation_type: z.string().optional().meta({ description: "GE 0.x" }),
        kwargs: z.record(z.string(), z.unknown()).optional(),
      })
      .passthrough(),
    success: z.boolean(),
    result: z.record(z.string(), z.unknown()).optional(),
    exception_info: z.record(z.string(), z.unknown()).optional(),
  })
  .passthrough();

export const GreatExpectationsResult = z
  .object({
    success: z.boolean(),
    results: z.array(ExpectationResult),
    statistics: z
      .object({
        evaluated_expectations: z.number().int(),
        successful_expectations: z.number().int(),
        unsuccessful_expectations: z.number().int(),
        success_percent: z.number().nullable().optional(),
      })
      .passthrough()
      .optional()
      .meta({ description: "counted from results when missing" }),
    meta: z
      .object({
        expectation_suite_name: z.string().optional(),
        run_id: z
          .union([z.string(), z.object({ run_name: z.string().nullable().optional(), run_time: z.string().optional() }).passthrough()])
          .optional(),
        validation_time: z.string().optional().meta({
          description: "20200322T170247.671855Z or ISO 8601; the run's time (else run_id.run_time, meta.run_time, the time received)",
        }),
      })
      .passthrough()
      .optional(),
  })
  .passthrough()
  .meta({
    id: "GreatExpectationsValidationResult",
    description: "An ExpectationSuiteValidationResult as Great Expectations writes it (0.x or 1.x)",
  });

const Failure = z.object({
  type: z.string(),
  column: z.string().nullable(),
  kwargs: z.array(z.object({ key: z.string(), value: z.string() })),
  observed: z.string().nullable().meta({
    description: "an excerpt: the observed value, the unexpected count and a few unexpected values, or the exception's first line",
  }),
  exception: z.boolean(),
});

export const DataQualityResultSchema = z
  .object({
    id: z.string().meta({ format: "uuid" }),
    datasetId: z.string().meta({ description: "the lineage node id, dataset:{namespace}:{name}" }),
    dataset: z.object({ namespace: z.string(), name: z.string() }),
    suite: z.string().nullable(),
    success: z.boolean(),
    evaluated: z.number().int(),
    successful: z.number().int(),
    unsuccessful: z.number().int(),
    failures: z.array(Failure).meta({ description: "the first 100 failed expectations" }),
    runId: z.string().nullable(),
    runTime: z.string(),
    receivedAt: z.string(),
    createdBy: z.string(),
  })
  .meta({ id: "DataQualityResult" });

/** The data-quality endpoint, for lib/openapi.ts. */
export function dataQualityRoutes({ ok, body, errors }: Helpers): RouteConfig[] {
  return [
    {
      method: "post",
      path: "/api/v1/data-quality",
      tags: ["lineage"],
      summary:
        "Store a Great Expectations validation result on a lineage dataset (contributor): the bare result with ?namespace=&name=, or { dataset: { namespace, name }, result }. A dataset not yet in lineage gets its node. Failures show on the dataset, on every model version downstream, on the on-call page, and as the data_quality release check. 400 names the field that is not as GE writes it",
      request: {
        query: DataQualityQuery,
        body: body(
          z.union([
            GreatExpectationsResult,
            z.object({ dataset: z.object({ namespace: z.string(), name: z.string() }), result: GreatExpectationsResult }),
          ]),
        ),
      },
      responses: {
        201: ok(DataQualityResultSchema.extend({ createdNode: z.boolean(), failuresLeftOff: z.number().int() }), "stored"),
        ...errors(400, 401, 403, 409, 413, 415),
      },
    },
  ];
}
