import type { ResponseConfig, RouteConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import type { OpenApiHelpers } from "../api/openapi-helpers";
import { CheckpointSchema } from "./checkpoint";
import {
  ConsistencyProofSchema,
  ConsistencyQuery,
  InclusionProofSchema,
  ProofBundleSchema,
  ProofQuery,
  PublishedStateSchema,
  PublishResultSchema,
} from "./schemas";

type Helpers = Pick<OpenApiHelpers, "ok" | "errors">;

const text = (description: string, example: string): ResponseConfig => ({
  description,
  content: { "text/plain": { schema: z.string().meta({ example }) } },
});

/** The audit log as a transparency log (API.md "Audit transparency"), for lib/openapi.ts. */
export function auditTransparencyRoutes({ ok, errors }: Helpers): RouteConfig[] {
  const unavailable = (what: string) => ({ 503: { ...errors(503)["503"], description: `${what} is not configured` } });
  return [
    {
      method: "get",
      path: "/api/v1/audit/checkpoint",
      tags: ["audit"],
      summary:
        "The signed head of the audit log (compliance, admin): a C2SP signed note (text/plain) whose text is a tlog checkpoint of the RFC 9162 Merkle tree over the entries (origin, tree size, base64 root), signed with Ed25519 under AUDIT_SIGNING_KEY. With `Accept: application/json`, v1's chain head {seq, hash} signed with HMAC-SHA256 under AUDIT_CHECKPOINT_KEY",
      responses: {
        200: {
          description: "the signed checkpoint",
          content: {
            "text/plain": {
              schema: z.string().meta({
                example:
                  "portal.example.com/steward-audit\n1042\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n— portal.example.com/steward-audit Az3g…\n",
              }),
            },
            "application/json": { schema: CheckpointSchema },
          },
        },
        ...errors(401, 403),
        ...unavailable("AUDIT_SIGNING_KEY (or, for JSON, AUDIT_CHECKPOINT_KEY)"),
      },
    },
    {
      method: "get",
      path: "/api/v1/audit/checkpoint/key",
      tags: ["audit"],
      summary: "The verifier key of the checkpoints (compliance, admin): <key name>+<key id hex>+base64(0x01 ‖ Ed25519 public key)",
      responses: {
        200: text("the verifier key", "portal.example.com/steward-audit+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"),
        ...errors(401, 403),
        ...unavailable("AUDIT_SIGNING_KEY"),
      },
    },
    {
      method: "get",
      path: "/api/v1/audit/{seq}/proof",
      tags: ["audit"],
      summary:
        "The RFC 9162 inclusion path of entry seq (leaf seq - 1) in the tree of ?size= entries, default the tree now (compliance, admin)",
      request: { params: z.object({ seq: z.string() }), query: ProofQuery },
      responses: {
        200: {
          description: "the inclusion path; with ?format=bundle, the entry, path, checkpoint and key as one download",
          content: { "application/json": { schema: z.union([InclusionProofSchema, ProofBundleSchema]) } },
        },
        ...errors(400, 401, 403, 404),
        ...unavailable("AUDIT_SIGNING_KEY (for ?format=bundle)"),
      },
    },
    {
      method: "get",
      path: "/api/v1/audit/checkpoints",
      tags: ["audit"],
      summary:
        "The latest published checkpoint (sent to the audit.checkpoint webhooks and the witnesses, every AUDIT_CHECKPOINT_ENTRIES entries or AUDIT_CHECKPOINT_MINUTES), with its witnesses' cosignatures, and each configured witness's state (compliance, admin)",
      responses: { 200: ok(PublishedStateSchema), ...errors(401, 403) },
    },
    {
      method: "post",
      path: "/api/v1/audit/checkpoints",
      tags: ["audit"],
      summary:
        "Publish the tree head now, to the audit.checkpoint webhooks and every witness by the C2SP witness protocol (compliance, admin)",
      responses: { 200: ok(PublishResultSchema), ...errors(400, 401, 403), ...unavailable("AUDIT_SIGNING_KEY") },
    },
    {
      method: "get",
      path: "/api/v1/audit/consistency",
      tags: ["audit"],
      summary: "The RFC 9162 consistency path from the tree of ?from= entries to the tree of ?to= entries (compliance, admin)",
      request: { query: ConsistencyQuery },
      responses: { 200: ok(ConsistencyProofSchema), ...errors(400, 401, 403) },
    },
  ];
}
