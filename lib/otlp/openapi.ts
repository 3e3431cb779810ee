import type { ResponseConfig, RouteConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import type { OpenApiHelpers } from "../api/openapi-helpers";

type Helpers = Pick<OpenApiHelpers, "ok">;

const AnyValue = z.object({ stringValue: z.string().optional() }).passthrough();
const KeyValue = z.object({ key: z.string(), value: AnyValue });
const Span = z
  .object({
    traceId: z.string().meta({ description: "16 bytes as 32 hex digits (OTLP/JSON); kept, lower case, as the event's traceId" }),
    spanId: z.string().optional(),
    name: z.string().optional(),
    startTimeUnixNano: z.string().meta({ description: "fixed64 as a decimal string (numbers accepted)", example: "1544712660000000000" }),
    endTimeUnixNano: z.string().meta({ description: "latency = end − start" }),
    attributes: z.array(KeyValue).optional().meta({
      description:
        "ml.model.name and ml.model.version, or gen_ai.request.model (the model's production version); the resource's attributes are read too",
    }),
    status: z
      .object({ code: z.number().int().optional().meta({ description: "2 (ERROR) → status error" }), message: z.string().optional() })
      .optional(),
  })
  .passthrough();
const ExportTraceServiceRequest = z
  .object({
    resourceSpans: z.array(
      z
        .object({
          resource: z
            .object({ attributes: z.array(KeyValue).optional() })
            .passthrough()
            .optional(),
          scopeSpans: z.array(z.object({ spans: z.array(Span) }).passthrough()),
        })
        .passthrough(),
    ),
  })
  .passthrough()
  .meta({ id: "ExportTraceServiceRequest", description: "OTLP/JSON (opentelemetry-proto docs/specification.md, JSON Protobuf Encoding)" });
const ExportTraceServiceResponse = z
  .object({
    partialSuccess: z
      .object({ rejectedSpans: z.string().meta({ description: "int64 as a decimal string" }), errorMessage: z.string() })
      .optional()
      .meta({ description: "set when spans named an unknown model or version; the others were stored" }),
  })
  .meta({ id: "ExportTraceServiceResponse" });
const Status = z
  .object({
    code: z
      .number()
      .int()
      .meta({ description: "gRPC code (3 invalid argument, 7 permission denied, 8 resource exhausted, 16 unauthenticated)" }),
    message: z.string(),
    details: z.array(z.object({ "@type": z.string(), fieldViolations: z.array(z.object({ field: z.string(), description: z.string() })) })),
    error: z
      .object({ code: z.string(), message: z.string(), details: z.array(z.object({ path: z.string(), message: z.string() })) })
      .partial(),
  })
  .meta({ id: "OtlpStatus", description: "google.rpc.Status, with the portal's own error object beside it" });

/** POST /v1/traces, for lib/openapi.ts. */
export function otlpRoutes({ ok }: Helpers): RouteConfig[] {
  const fail = (description: string) => ({ description, content: { "application/json": { schema: Status } } });
  return [
    {
      method: "post",
      path: "/v1/traces",
      tags: ["integrations"],
      summary:
        "OTLP/HTTP trace export, JSON encoding (a contributor's write token): each span naming a model becomes a telemetry event (latency from its times, error when status.code is 2, its trace id kept); other spans are ignored. Protobuf and gzip bodies are 415",
      security: [{ bearer: [] }],
      request: { body: { content: { "application/json": { schema: ExportTraceServiceRequest } }, required: true } },
      responses: {
        200: ok(ExportTraceServiceResponse, "stored (`{}`), or a partial success"),
        400: fail("malformed; fieldViolations name the field"),
        401: fail("no or bad credentials"),
        403: fail("not allowed for this caller"),
        413: fail("body over 10 MB or more than 10,000 model spans"),
        415: fail("not application/json, or compressed"),
      },
    },
  ];
}
