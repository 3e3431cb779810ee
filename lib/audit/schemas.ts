import { z } from "zod";

const Time = z.iso.datetime({ offset: true, local: true });

export const AuditQuery = z.object({
  from: Time.optional(),
  to: Time.optional(),
  actor: z.string().max(320).optional(),
  action: z.string().max(100).optional(),
  entityType: z.string().max(100).optional(),
  entityId: z.string().max(500).optional(),
  /** Everything about one model (its versions, cards, evaluations, bias audits and releases). */
  model: z.string().max(128).optional(),
  /** One release's history: its entries and the stage changes it caused. */
  release: z.string().max(64).optional(),
  format: z.enum(["json", "ndjson", "csv"]).default("json"),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});

export const AuditEntrySchema = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    actor: z.object({ type: z.enum(["user", "token", "system"]), id: z.string(), email: z.string().nullable() }),
    action: z.string(),
    entity: z.object({ type: z.string(), id: z.string() }),
    before: z.unknown(),
    after: z.unknown(),
    requestId: z.string().nullable(),
    prevHash: z.string(),
    hash: z.string(),
  })
  .meta({ id: "AuditEntry" });

export const VerifyResultSchema = z
  .union([
    z.object({
      ok: z.literal(true),
      entries: z.number().int(),
      head: z.object({ seq: z.number().int(), hash: z.string() }).nullable(),
      published: z
        .object({ checked: z.number().int(), latestSize: z.number().int().nullable(), note: z.string().optional() })
        .optional()
        .describe("The published checkpoints the trail was held to (their roots recomputed from the entries)"),
    }),
    z.object({ ok: z.literal(false), firstBadSeq: z.number().int(), reason: z.string(), entries: z.number().int() }),
  ])
  .meta({ id: "AuditVerifyResult" });

const Count = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/** GET /api/v1/audit/{seq}/proof?size=N: N defaults to the tree's size now. */
export const ProofQuery = z.object({
  size: Count.optional(),
  format: z
    .enum(["path", "bundle"])
    .optional()
    .describe("bundle: the entry, its path, the checkpoint it is proved against and the key, as one download"),
});
export const ConsistencyQuery = z.object({ from: Count, to: Count });

const Base64Hash = z.string().regex(/^[A-Za-z0-9+/]{43}=$/, "base64 of 32 bytes");
export const InclusionProofSchema = z
  .object({
    leafIndex: z.number().int().min(0).describe("seq - 1"),
    treeSize: z.number().int().min(1),
    hashes: z.array(Base64Hash).describe("RFC 9162 inclusion path, from the leaf up"),
  })
  .meta({ id: "AuditInclusionProof" });
export const ConsistencyProofSchema = z
  .object({
    from: z.number().int().min(1),
    to: z.number().int().min(1),
    hashes: z.array(Base64Hash).describe("RFC 9162 consistency path"),
  })
  .meta({ id: "AuditConsistencyProof" });

const PublishedCheckpointSchema = z.object({
  size: z.number().int(),
  rootHash: z.string(),
  publishedAt: z.string(),
  checkpoint: z.string().describe("The signed note as published, with each witness's cosignature line appended"),
  cosignedBy: z.array(z.string()).describe("Names of the witnesses whose cosignatures were verified and stored"),
});
const WitnessSchema = z.object({
  name: z.string(),
  key: z.string().describe("The witness's verifier key (cosignature/v1, type 0x04)"),
  url: z.string(),
  cosignedSize: z.number().int().nullable(),
  lastAttemptAt: z.string().nullable(),
  lastError: z.string().nullable(),
});
export const PublishedStateSchema = z
  .object({
    latest: PublishedCheckpointSchema.nullable(),
    witnesses: z.array(WitnessSchema),
    schedule: z.object({ everyMinutes: z.number(), everyEntries: z.number() }).nullable(),
  })
  .meta({ id: "AuditPublishedCheckpoints" });
export const PublishResultSchema = z
  .object({
    published: z.boolean().describe("false when the head was already published"),
    latest: PublishedCheckpointSchema.nullable(),
    witnesses: z.array(WitnessSchema),
  })
  .meta({ id: "AuditPublishResult" });
export const ProofBundleSchema = z
  .object({
    entry: z.unknown(),
    proof: InclusionProofSchema,
    checkpoint: z.string(),
    key: z.string(),
    publishedAt: z.string().nullable(),
    howToVerify: z.string(),
  })
  .meta({ id: "AuditProofBundle" });
