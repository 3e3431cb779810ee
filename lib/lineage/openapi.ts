import type { ResponseConfig, RouteConfig, ZodRequestBody } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import type { OpenApiHelpers } from "../api/openapi-helpers";
import { GraphQuery, LineageGraph, LineageImpact, LineageNode, LineageNodeDetail, NodeRefQuery, SearchQuery } from "./schemas";

type Helpers = Pick<OpenApiHelpers, "ok" | "body" | "errors">;

const RunEvent = z
  .object({
    eventType: z.enum(["START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER"]).optional(),
    eventTime: z.string().meta({ description: "RFC 3339; without a zone it is read as UTC" }),
    producer: z.string(),
    schemaURL: z.string().optional().meta({
      description:
        "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent, or an older 1-x URL; when missing, the event is read as its fields imply (a warning says so)",
    }),
    run: z.object({ runId: z.string().meta({ format: "uuid" }), facets: z.record(z.string(), z.unknown()).optional() }),
    job: z.object({ namespace: z.string(), name: z.string(), facets: z.record(z.string(), z.unknown()).optional() }),
    inputs: z
      .array(z.object({ namespace: z.string(), name: z.string(), facets: z.record(z.string(), z.unknown()).optional() }).passthrough())
      .optional(),
    outputs: z
      .array(z.object({ namespace: z.string(), name: z.string(), facets: z.record(z.string(), z.unknown()).optional() }).passthrough())
      .optional(),
  })
  .passthrough()
  .meta({
    id: "OpenLineageRunEvent",
    description:
      "An OpenLineage RunEvent, validated against the published JSON schema (spec 2-0-2 and the schema, dataSource, columnLineage, sql and errorMessage facets)",
  });

const Dataset = z.object({ namespace: z.string(), name: z.string(), facets: z.record(z.string(), z.unknown()).optional() }).passthrough();
const JobEvent = z
  .object({
    eventTime: z.string(),
    producer: z.string(),
    schemaURL: z.string().optional().meta({ description: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/JobEvent" }),
    job: z.object({ namespace: z.string(), name: z.string(), facets: z.record(z.string(), z.unknown()).optional() }),
    inputs: z.array(Dataset).optional(),
    outputs: z.array(Dataset).optional(),
  })
  .passthrough()
  .meta({
    id: "OpenLineageJobEvent",
    description: "Static lineage (spec 2-0-x): a job, its facets and the datasets it reads and writes, without a run",
  });
const DatasetEvent = z
  .object({
    eventTime: z.string(),
    producer: z.string(),
    schemaURL: z.string().optional().meta({ description: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/DatasetEvent" }),
    dataset: Dataset,
  })
  .passthrough()
  .meta({ id: "OpenLineageDatasetEvent", description: "Static metadata of one dataset (spec 2-0-x): its namespace, name and facets" });
const AnyEvent = z.union([RunEvent, JobEvent, DatasetEvent]);
const Warning = z
  .object({ path: z.string().meta({ description: "JSON path, e.g. [3].inputs[0].facets.dataSource.uri" }), message: z.string() })
  .meta({ id: "LineageWarning" });

/** The lineage endpoints, for lib/openapi.ts. */
export function lineageRoutes({ ok, body, errors }: Helpers): RouteConfig[] {
  return [
    {
      method: "post",
      path: "/api/v1/lineage",
      tags: ["lineage"],
      summary:
        "Post an OpenLineage event (RunEvent, or the static JobEvent and DatasetEvent) or an array of them (contributor). Events of one run may come in any order, or twice: the graph is the same. 400 names the core field that breaks the spec (run id, job or dataset namespace and name, eventTime, producer); a facet that breaks its schema is left out or kept as sent and listed in warnings, the event kept",
      request: { body: { ...body(z.union([AnyEvent, z.array(AnyEvent)])) } },
      responses: {
        201: ok(
          z.object({
            accepted: z.number().int(),
            runs: z.number().int(),
            schemaChanges: z.number().int(),
            warnings: z
              .array(Warning)
              .meta({ description: "what was read leniently: a facet left out or kept as sent, a missing schemaURL; empty when none" }),
          }),
          "stored",
        ),
        ...errors(400, 401, 403, 409, 413, 415),
      },
    },
    {
      method: "get",
      path: "/api/v1/lineage/graph",
      tags: ["lineage"],
      summary:
        "A node's lineage, upstream, downstream or both, up to depth hops (default 3, max 20); at most 2,000 nodes (truncated says when cut)",
      request: { query: GraphQuery },
      responses: { 200: ok(LineageGraph), ...errors(400, 401, 403, 404) },
    },
    {
      method: "get",
      path: "/api/v1/lineage/impact",
      tags: ["lineage"],
      summary: "Every model version and deployment downstream of a node, with stage and environment; production lists those in production",
      request: { query: NodeRefQuery },
      responses: { 200: ok(LineageImpact), ...errors(400, 401, 403, 404) },
    },
    {
      method: "get",
      path: "/api/v1/lineage/nodes",
      tags: ["lineage"],
      summary: "Find nodes by part of their name or namespace",
      request: { query: SearchQuery },
      responses: { 200: ok(z.object({ items: z.array(LineageNode) })), ...errors(400, 401, 403) },
    },
    {
      method: "get",
      path: "/api/v1/lineage/node",
      tags: ["lineage"],
      summary:
        "One node with its facets, a job's recent runs, and schema changes (a dataset's own; for a model version or deployment, those of every dataset upstream) with the production models each feeds",
      request: { query: NodeRefQuery },
      responses: { 200: ok(LineageNodeDetail), ...errors(400, 401, 403, 404) },
    },
  ];
}
