import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { conn, transact } from "@/db/client";
import { models, slos } from "@/db/schema";
import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { authorize, can, modelSubject } from "../auth/policy";
import { notFound } from "../errors";
import type { CreateSlo, SloView } from "./schemas";

type SloRow = typeof slos.$inferSelect;
export const sloView = (model: string, s: SloRow): SloView => ({
  id: s.id,
  model,
  sli: s.sli as SloView["sli"],
  objective: s.objective,
  thresholdMs: s.thresholdMs,
  metric: s.metric,
  threshold: s.threshold,
  windowDays: s.windowDays,
  name: s.name,
  createdBy: s.createdBy,
  createdAt: s.createdAt.toISOString(),
});

/** SLOs are set by the model's owner, a reviewer or an admin (those who answer for it in production). */
export function canManageSlos(actor: Actor, model: { owner: string; maintainers?: readonly string[] | null }): boolean {
  return can(actor, "slos.manage", modelSubject(model));
}

export async function createSlo(actor: Actor, name: string, input: CreateSlo): Promise<SloView> {
  authorize(actor, "slos.manage");
  return transact(async (tx) => {
    const [m] = await tx.select().from(models).where(eq(models.name, name)).for("update");
    if (!m) throw notFound(`The model ${name}`);
    authorize(actor, "slos.manage", modelSubject(m));
    const [s] = await tx
      .insert(slos)
      .values({
        modelId: m.id,
        sli: input.sli,
        objective: input.objective,
        thresholdMs: input.thresholdMs ?? null,
        metric: input.metric ?? null,
        threshold: input.threshold ?? null,
        windowDays: input.windowDays,
        name: input.name ?? null,
        createdBy: actor.email,
      })
      .returning();
    const view = sloView(m.name, s);
    await appendAudit(tx, actor, "slo.created", { type: "slo", id: s.id }, null, view);
    return view;
  });
}

export async function listSlos(actor: Actor, name: string): Promise<{ items: SloView[] }> {
  authorize(actor, "inventory.read");
  const db = await conn();
  const [m] = await db.select().from(models).where(eq(models.name, name));
  if (!m) throw notFound(`The model ${name}`);
  const list = await db
    .select()
    .from(slos)
    .where(and(eq(slos.modelId, m.id), eq(slos.active, true)))
    .orderBy(asc(slos.createdAt), asc(slos.id));
  return { items: list.map((s) => sloView(m.name, s)) };
}
