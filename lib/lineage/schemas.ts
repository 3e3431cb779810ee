import { z } from "zod";
import { DataQualityResultSchema } from "../dataquality/openapi";
import { NODE_TYPES } from "./ids";
import { MAX_DEPTH } from "./limits";

const NodeRefShape = {
  node: z.string().min(3).max(2000).optional().meta({
    description:
      "A node id: dataset:{namespace}:{name}, job:…, model:{model}:{version}, deployment:{model}:{environment}, parts percent-encoded",
  }),
  type: z.enum(NODE_TYPES).optional(),
  namespace: z.string().max(1000).optional().meta({ description: "for a model or deployment, the model's name" }),
  name: z.string().max(1000).optional().meta({ description: "for a model, the version; for a deployment, the environment" }),
};
const needsNode = (q: { node?: string; type?: string; namespace?: string; name?: string }) =>
  q.node !== undefined || (q.type !== undefined && q.namespace !== undefined && q.name !== undefined);
const nodeMessage = { message: "give node=ID, or type, namespace and name", path: ["node"] };

export const NodeRefQuery = z.strictObject(NodeRefShape).refine(needsNode, nodeMessage).meta({ id: "LineageNodeRef" });

export const GraphQuery = z
  .strictObject({
    ...NodeRefShape,
    direction: z.enum(["upstream", "downstream", "both"]).default("both"),
    depth: z.coerce.number().int("must be a whole number").min(0).max(MAX_DEPTH, `must be at most ${MAX_DEPTH}`).default(3),
  })
  .refine(needsNode, nodeMessage)
  .meta({ id: "LineageGraphQuery" });

export const SearchQuery = z
  .strictObject({
    q: z.string().trim().min(1, "type part of a name").max(200),
    type: z.enum(NODE_TYPES).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .meta({ id: "LineageSearchQuery" });

const LastRun = z.object({
  runId: z.string(),
  state: z.string(),
  at: z.string(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  errorMessage: z.string().nullable(),
});
export const LineageNode = z
  .object({
    id: z.string(),
    type: z.enum(NODE_TYPES),
    namespace: z.string(),
    name: z.string(),
    facets: z.record(z.string(), z.unknown()).optional(),
    stage: z.string().optional(),
    environment: z.string().optional(),
    version: z.string().nullable().optional(),
    lastRun: LastRun.nullable().optional(),
    depth: z.number().int().meta({ description: "hops from the node asked for: negative upstream, positive downstream" }),
  })
  .meta({ id: "LineageNode" });
export const LineageGraph = z
  .object({
    root: z.string(),
    nodes: z.array(LineageNode),
    edges: z.array(z.object({ source: z.string(), target: z.string(), runId: z.string().optional() })),
    truncated: z.boolean(),
  })
  .meta({ id: "LineageGraph" });
const ImpactItem = z.object({
  id: z.string(),
  type: z.enum(["model", "deployment"]),
  model: z.string(),
  version: z.string().nullable(),
  stage: z.string().nullable(),
  environment: z.string().nullable(),
  depth: z.number().int(),
});
export const LineageImpact = z
  .object({ node: LineageNode, items: z.array(ImpactItem), production: z.array(ImpactItem) })
  .meta({ id: "LineageImpact" });
const Field = z.object({ name: z.string(), type: z.string().nullable() });
export const SchemaChange = z
  .object({
    datasetId: z.string(),
    dataset: z.object({ namespace: z.string(), name: z.string() }),
    at: z.string(),
    runId: z.string().nullable(),
    previousAt: z.string(),
    diff: z.object({
      added: z.array(Field),
      removed: z.array(Field),
      renamed: z.array(z.object({ from: z.string(), to: z.string(), type: z.string().nullable() })),
      retyped: z.array(z.object({ name: z.string(), from: z.string().nullable(), to: z.string().nullable() })),
    }),
    production: z.array(ImpactItem),
  })
  .meta({ id: "SchemaChange" });
export const LineageNodeDetail = z
  .object({
    node: LineageNode,
    runs: z.array(LastRun.extend({ facets: z.record(z.string(), z.unknown()) })),
    schemaChanges: z.array(SchemaChange),
    dataQuality: z
      .object({
        latest: DataQualityResultSchema.nullable(),
        recent: z.array(DataQualityResultSchema),
        failingUpstream: z.array(DataQualityResultSchema),
      })
      .meta({
        description:
          "Great Expectations results: a dataset's latest and recent ones (newest first); for a model version or deployment, the upstream datasets whose latest validation failed",
      }),
  })
  .meta({ id: "LineageNodeDetail" });
