import "server-only";
import { z } from "zod";
import { decodeCursor, encodeCursor } from "../api/pagination";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/policy";
import { csvCell } from "../csv";
import { parseTime } from "../time";
import type { AuditEntry } from "./chain";
import { type AuditFilter, listAudit, streamAudit } from "./read";
import type { AuditQuery } from "./schemas";

export function auditFilter(q: z.infer<typeof AuditQuery>): AuditFilter {
  return {
    from: q.from ? parseTime(q.from) : undefined,
    to: q.to ? parseTime(q.to) : undefined,
    actor: q.actor,
    action: q.action,
    entityType: q.entityType,
    entityId: q.entityId,
    model: q.model,
    release: q.release,
  };
}

export async function auditPage(actor: Actor, q: z.infer<typeof AuditQuery>) {
  const after = decodeCursor(q.cursor, z.object({ seq: z.number().int() }))?.seq ?? 0;
  const { items, nextSeq } = await listAudit(actor, auditFilter(q), after, q.limit);
  return { items, nextCursor: nextSeq === null ? null : encodeCursor({ seq: nextSeq }) };
}

const CSV_COLUMNS = [
  "seq",
  "at",
  "actorType",
  "actorId",
  "actorEmail",
  "action",
  "entityType",
  "entityId",
  "before",
  "after",
  "requestId",
  "prevHash",
  "hash",
];

function csvRow(e: AuditEntry): string {
  return [
    e.seq,
    e.at,
    e.actor.type,
    e.actor.id,
    e.actor.email,
    e.action,
    e.entity.type,
    e.entity.id,
    e.before,
    e.after,
    e.requestId,
    e.prevHash,
    e.hash,
  ]
    .map(csvCell)
    .join(",");
}

/** The trail as NDJSON or CSV text chunks, read from the database in batches: constant memory at any size. */
export function exportAudit(actor: Actor, q: z.infer<typeof AuditQuery>, format: "ndjson" | "csv"): AsyncIterable<string> {
  authorize(actor, "audit.read");
  const entries = streamAudit(actor, auditFilter(q));
  return (async function* () {
    if (format === "csv") yield `${CSV_COLUMNS.join(",")}\r\n`;
    let buf = "";
    for await (const e of entries) {
      buf += format === "csv" ? `${csvRow(e)}\r\n` : `${JSON.stringify(e)}\n`;
      if (buf.length > 64 * 1024) {
        yield buf;
        buf = "";
      }
    }
    if (buf) yield buf;
  })();
}
