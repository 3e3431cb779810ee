import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { transact } from "@/db/client";
import { controlOverrides, customControls } from "@/db/schema";
import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/policy";
import { AppError, badRequest, conflict, notFound, pgCode } from "../errors";
import { type ControlView, controlKey, frameworkById } from "./frameworks";
import { shippedFramework } from "./library";
import type { CreateControlInput, UpdateControlInput } from "./schemas";

/** `{framework}:{identifier}` → its parts (the framework id is a slug, so the first colon splits). */
export function parseControlId(raw: string): { framework: string; identifier: string } {
  let id: string;
  try {
    id = decodeURIComponent(raw);
  } catch {
    throw notFound(`The control ${raw}`);
  }
  const at = id.indexOf(":");
  if (at <= 0) throw notFound(`The control ${id}`);
  return { framework: id.slice(0, at), identifier: id.slice(at + 1) };
}

const shippedControl = (framework: string, identifier: string) => shippedFramework(framework)?.controls.find((c) => c.id === identifier);

async function controlView(framework: string, identifier: string): Promise<ControlView> {
  const f = await frameworkById(framework);
  const c = f.controls.find((x) => x.identifier === identifier);
  if (!c) throw notFound(`The control ${controlKey(framework, identifier)}`);
  return c;
}

/** POST /api/v1/controls (controls.manage): a control of an admin's own, in a shipped or a new framework. Audited as control.created. */
export async function createControl(actor: Actor, input: CreateControlInput): Promise<ControlView> {
  authorize(actor, "controls.manage");
  if (shippedControl(input.framework, input.identifier))
    throw conflict(
      `${input.identifier} is a shipped control of ${input.framework}: it is read-only; add evidence kinds to it with PATCH instead.`,
      "shipped_control",
    );
  try {
    return await transact(async (tx) => {
      await tx.insert(customControls).values({
        frameworkId: input.framework,
        frameworkTitle: shippedFramework(input.framework) ? null : (input.frameworkTitle ?? null),
        identifier: input.identifier,
        title: input.title,
        groupName: input.group ?? null,
        evidence: [...new Set(input.evidence)],
        createdBy: actor.email,
      });
      const view = await controlView(input.framework, input.identifier);
      await appendAudit(tx, actor, "control.created", { type: "control", id: view.id }, null, view);
      return view;
    });
  } catch (e) {
    if (pgCode(e) === "23505")
      throw conflict(`The control ${input.identifier} exists already in ${input.framework}; edit it instead.`, "control_exists");
    throw e;
  }
}

const readOnly = (field: string, why: string) =>
  new AppError("invalid_request", 400, `A ${why} control's ${field} cannot be changed here.`, [
    { path: field, message: `not allowed on a ${why} control` },
  ]);

/**
 * PATCH /api/v1/controls/{id} (controls.manage). A shipped control takes only `addedEvidence` (stored as an override
 * of its mapping, audited as control.mapping_extended); a custom control takes title, group and evidence (control.updated).
 */
export async function updateControl(actor: Actor, id: string, input: UpdateControlInput): Promise<ControlView> {
  authorize(actor, "controls.manage");
  const { framework, identifier } = parseControlId(id);
  return transact(async (tx) => {
    const before = await controlView(framework, identifier);
    if (before.origin === "shipped") {
      for (const f of ["title", "group", "evidence"] as const) if (input[f] !== undefined) throw readOnly(f, "shipped");
      const added = [...new Set(input.addedEvidence ?? [])];
      if (added.length === 0)
        await tx
          .delete(controlOverrides)
          .where(and(eq(controlOverrides.frameworkId, framework), eq(controlOverrides.identifier, identifier)));
      else
        await tx
          .insert(controlOverrides)
          .values({ frameworkId: framework, identifier, addedEvidence: added, updatedBy: actor.email })
          .onConflictDoUpdate({
            target: [controlOverrides.frameworkId, controlOverrides.identifier],
            set: { addedEvidence: added, updatedBy: actor.email, updatedAt: sql`now()` },
          });
      const after = await controlView(framework, identifier);
      await appendAudit(tx, actor, "control.mapping_extended", { type: "control", id: after.id }, before, after);
      return after;
    }
    if (input.addedEvidence !== undefined) throw readOnly("addedEvidence", "custom");
    const [row] = await tx
      .select()
      .from(customControls)
      .where(and(eq(customControls.frameworkId, framework), eq(customControls.identifier, identifier)))
      .for("update");
    if (!row) throw notFound(`The control ${id}`);
    await tx
      .update(customControls)
      .set({
        title: input.title ?? row.title,
        groupName: input.group === undefined ? row.groupName : input.group,
        evidence: input.evidence ? [...new Set(input.evidence)] : row.evidence,
        updatedAt: sql`now()`,
      })
      .where(eq(customControls.id, row.id));
    const after = await controlView(framework, identifier);
    await appendAudit(tx, actor, "control.updated", { type: "control", id: after.id }, before, after);
    return after;
  });
}

/** DELETE /api/v1/controls/{id} (controls.manage): custom controls only (409 for a shipped one). Audited as control.deleted. */
export async function deleteControl(actor: Actor, id: string): Promise<{ deleted: string }> {
  authorize(actor, "controls.manage");
  const { framework, identifier } = parseControlId(id);
  if (shippedControl(framework, identifier))
    throw conflict(
      `${identifier} is a shipped control of ${framework} and cannot be deleted; PATCH addedEvidence: [] removes additions.`,
      "shipped_control",
    );
  return transact(async (tx) => {
    const before = await controlView(framework, identifier);
    await tx.delete(customControls).where(and(eq(customControls.frameworkId, framework), eq(customControls.identifier, identifier)));
    await appendAudit(tx, actor, "control.deleted", { type: "control", id: before.id }, before, null);
    return { deleted: before.id };
  });
}
