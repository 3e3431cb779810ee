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
    z.object({ ok: z.literal(true), entries: z.number().int(), head: z.object({ seq: z.number().int(), hash: z.string() }).nullable() }),
    z.object({ ok: z.literal(false), firstBadSeq: z.number().int(), reason: z.string(), entries: z.number().int() }),
  ])
  .meta({ id: "AuditVerifyResult" });
