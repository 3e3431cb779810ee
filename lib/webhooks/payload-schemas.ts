// JSON Schemas of what each webhook event delivers, for the people who write receivers: the envelope every delivery
// has ({id, event, createdAt, data}) with `event` fixed and `data` as the code that queues the event writes it
// (lib/releases/decide.ts and requests.ts, lib/lineage/ingest.ts, lib/slo/evaluate.ts, lib/webhooks/webhooks.ts).
// Published at GET /api/v1/webhooks/schemas; e2e/api/webhook-schemas.spec.ts validates real deliveries against them.
import { z } from "zod";
import { authorize, type Principal } from "../auth/policy";
import { ReleaseSummary } from "../releases/schemas";
import { ALL_EVENTS, TEST_EVENT } from "./events";

const Decision = z.object({
  reviewer: z.string().describe("the reviewer's email"),
  decision: z.enum(["approve", "reject", "request_changes"]),
  comment: z.string(),
});
const Released = z.object({ release: ReleaseSummary });
const Decided = z.object({ release: ReleaseSummary, decision: Decision.describe("the decision that changed the release's status") });

const Field = z.object({ name: z.string(), type: z.string().nullable() });
const Downstream = z.object({
  id: z.string().describe("the lineage node, model:{name}:{version} or deployment:{name}:{environment}"),
  type: z.enum(["model", "deployment"]),
  model: z.string(),
  version: z.string().nullable(),
  stage: z.string().nullable(),
  environment: z.string().nullable(),
  depth: z.number().int(),
});
const SchemaChanged = z.object({
  dataset: z.string().describe("the dataset's lineage node id, dataset:{namespace}:{name}"),
  at: z.string().describe("when the changed schema was observed (the event's eventTime)"),
  runId: z.string().nullable().describe("the OpenLineage run that reported it"),
  diff: z.object({
    added: z.array(Field),
    removed: z.array(Field),
    renamed: z.array(z.object({ from: z.string(), to: z.string(), type: z.string().nullable() })),
    retyped: z.array(z.object({ name: z.string(), from: z.string().nullable(), to: z.string().nullable() })),
  }),
  severity: z.literal("ticket"),
  production: z.array(Downstream).describe("the production model versions and deployments downstream"),
});
const Alert = z.object({
  id: z.uuid().describe("the alert; the same id in alert.fired and the alert.resolved that ends it"),
  kind: z.string().describe("burn_rate, drift, outlier, pipeline_failure, schema_change, quality, cold_start, …"),
  state: z.enum(["firing", "resolved"]),
  severity: z.enum(["page", "ticket"]),
  model: z.string(),
  version: z.string().nullable(),
  sloId: z.string().nullable(),
  title: z.string(),
  details: z.record(z.string(), z.unknown()).describe("what the evaluator saw; its fields depend on the kind"),
  at: z.string().describe("when it fired or resolved"),
});
const TestEvent = z.object({ message: z.string(), webhook: z.object({ id: z.uuid(), name: z.string() }), sentBy: z.string() });

/** A signed checkpoint of the audit trail was published (lib/audit/publish.ts): keep it outside Steward. */
const AuditCheckpoint = z.object({
  origin: z.string().describe("the log's origin line and key name"),
  size: z.number().int().min(1).describe("the number of entries the checkpoint signs"),
  rootHash: z.string().describe("base64 of the RFC 9162 Merkle root of those entries"),
  checkpoint: z.string().describe("the C2SP signed note (tlog-checkpoint text, a blank line, the Ed25519 signature line)"),
  publishedAt: z.string(),
});

/** An owner's attestation of a model fell due (lib/mrm/reminders.ts): sent once per model and due date. */
const AttestationDue = z.object({
  model: z.string(),
  owner: z.string().describe("the model owner's email: the person who attests"),
  tier: z.enum(["low", "medium", "high", "critical"]),
  dueAt: z.string().describe("when the attestation fell due, RFC 3339 UTC"),
  lastAttestedAt: z.string().nullable().describe("the previous attestation, if any"),
  attestUrl: z.string().describe("the portal path where the owner attests"),
});

/** Each event's `data`. */
export const EVENT_DATA = {
  "release.requested": Released,
  "release.approved": Decided,
  "release.rejected": Decided,
  "release.changes_requested": Decided,
  "release.resubmitted": Released,
  "release.cancelled": Released.extend({ reason: z.string().nullable() }),
  "release.rollback_requested": Released.extend({ reason: z.string() }),
  "release.rolled_back": Decided,
  "lineage.schema_changed": SchemaChanged,
  "alert.fired": Alert.extend({ state: z.literal("firing") }),
  "alert.resolved": Alert.extend({ state: z.literal("resolved") }),
  "audit.checkpoint": AuditCheckpoint,
  "attestation.due": AttestationDue,
  [TEST_EVENT]: TestEvent,
} satisfies Record<(typeof ALL_EVENTS)[number] | typeof TEST_EVENT, z.ZodType>;

export type WebhookEventName = keyof typeof EVENT_DATA;

/** Drop `additionalProperties: false` everywhere: receivers must accept fields added later (API.md: add freely). */
function open(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(open);
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) if (!(k === "additionalProperties" && v === false)) out[k] = open(v);
  return out;
}

/** The JSON Schema (2020-12) of one event's whole delivery body. */
export function deliverySchema(event: WebhookEventName): Record<string, unknown> {
  const envelope = z.object({
    id: z.uuid().describe("the event id: the X-Steward-Delivery header, the same on every retry (deduplicate on it)"),
    event: z.literal(event),
    createdAt: z.string().describe("when the event happened, RFC 3339 UTC"),
    data: EVENT_DATA[event],
  });
  const schema = z.toJSONSchema(envelope, { io: "output", target: "draft-2020-12" }) as Record<string, unknown>;
  return open({ ...schema, $id: `urn:steward:webhooks:${event}`, title: `Steward webhook ${event}` }) as Record<string, unknown>;
}

/** Every event's schema, by name, in the order of events.ts (the test event last). */
export function webhookSchemas(): { events: { event: WebhookEventName; schema: Record<string, unknown> }[] } {
  const names = [...ALL_EVENTS, TEST_EVENT] as WebhookEventName[];
  return { events: names.map((event) => ({ event, schema: deliverySchema(event) })) };
}

/**
 * GET /api/v1/webhooks/schemas. `inventory.read` (every role with a read credential), not `webhooks.manage`: the
 * schemas describe shapes and hold no data, and whoever writes a receiver (a team's developer with a read token) is
 * rarely the admin who registers the webhook.
 */
export function readWebhookSchemas(actor: Principal) {
  authorize(actor, "inventory.read");
  return webhookSchemas();
}
