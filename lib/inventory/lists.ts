import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { conn } from "@/db/client";
import { evaluations, models, modelVersions } from "@/db/schema";
import { decodeCursor, encodeCursor, type Page } from "../api/pagination";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/policy";
import { notFound } from "../errors";
import { findVersion } from "./versions";
import { type EvaluationView, evaluationView, type VersionView, versionView } from "./views";

// Both tables keep created_at to the millisecond, so an ISO string in the cursor is exact.
const Cursor = z.object({ at: z.string(), id: z.union([z.number(), z.string()]) });

/** A model's versions, newest first, one page at a time (API.md list convention). */
export async function listVersionsPage(actor: Actor, name: string, limit: number, cursor?: string): Promise<Page<VersionView>> {
  authorize(actor, "inventory.read");
  const db = await conn();
  const [m] = await db.select().from(models).where(eq(models.name, name));
  if (!m) throw notFound(`The model ${name}`);
  const c = decodeCursor(cursor, Cursor);
  const rows = await db
    .select()
    .from(modelVersions)
    .where(
      and(
        eq(modelVersions.modelId, m.id),
        c ? sql`(${modelVersions.createdAt}, ${modelVersions.id}) < (${c.at}::timestamptz, ${Number(c.id)})` : undefined,
      ),
    )
    .orderBy(desc(modelVersions.createdAt), desc(modelVersions.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items: items.map((v) => versionView(m.name, v)),
    nextCursor: rows.length > limit && last ? encodeCursor({ at: last.createdAt.toISOString(), id: last.id }) : null,
  };
}

/** A version's evaluations, newest first, one page at a time. */
export async function listEvaluationsPage(
  actor: Actor,
  name: string,
  version: string,
  limit: number,
  cursor?: string,
): Promise<Page<EvaluationView>> {
  authorize(actor, "inventory.read");
  const { v } = await findVersion(name, version);
  const c = decodeCursor(cursor, Cursor);
  const db = await conn();
  const rows = await db
    .select()
    .from(evaluations)
    .where(
      and(
        eq(evaluations.versionId, v.id),
        c ? sql`(${evaluations.createdAt}, ${evaluations.id}) < (${c.at}::timestamptz, ${String(c.id)}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(evaluations.createdAt), desc(evaluations.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items: items.map(evaluationView),
    nextCursor: rows.length > limit && last ? encodeCursor({ at: last.createdAt.toISOString(), id: last.id }) : null,
  };
}
