import "server-only";
import { asc } from "drizzle-orm";
import { conn } from "@/db/client";
import { controlOverrides, customControls } from "@/db/schema";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/policy";
import { notFound } from "../errors";
import { LIBRARY } from "./library";
import { type EvidenceRef, isEvidenceRef } from "./types";

export type ControlView = {
  id: string;
  framework: string;
  identifier: string;
  title: string;
  group: string | null;
  /** The whole mapping: shipped (or custom) plus any evidence kinds an admin added. */
  evidence: EvidenceRef[];
  addedEvidence: EvidenceRef[];
  origin: "shipped" | "custom";
};
export type FrameworkView = {
  id: string;
  title: string;
  version: string;
  source: string;
  origin: "shipped" | "custom";
  controls: ControlView[];
};
export type FrameworkSummary = Omit<FrameworkView, "controls"> & { controls: number };

export const controlKey = (framework: string, identifier: string) => `${framework}:${identifier}`;
const refs = (list: readonly string[]) => list.filter(isEvidenceRef);
const union = (a: readonly EvidenceRef[], b: readonly EvidenceRef[]) => [...new Set([...a, ...b])];

/** Every framework, shipped and custom, with admins' controls and additions merged in: two queries. No authorisation. */
export async function loadFrameworks(): Promise<FrameworkView[]> {
  const db = await conn();
  const [custom, overrides] = await Promise.all([
    db.select().from(customControls).orderBy(asc(customControls.frameworkId), asc(customControls.id)),
    db.select().from(controlOverrides),
  ]);
  const added = new Map(overrides.map((o) => [controlKey(o.frameworkId, o.identifier), refs(o.addedEvidence)]));
  const customView = (c: (typeof custom)[number]): ControlView => ({
    id: controlKey(c.frameworkId, c.identifier),
    framework: c.frameworkId,
    identifier: c.identifier,
    title: c.title,
    group: c.groupName,
    evidence: refs(c.evidence),
    addedEvidence: [],
    origin: "custom",
  });
  const out: FrameworkView[] = LIBRARY.map((f) => ({
    id: f.id,
    title: f.title,
    version: f.version,
    source: f.source,
    origin: "shipped",
    controls: [
      ...f.controls.map((c): ControlView => {
        const extra = added.get(controlKey(f.id, c.id)) ?? [];
        return {
          id: controlKey(f.id, c.id),
          framework: f.id,
          identifier: c.id,
          title: c.title,
          group: c.group,
          evidence: union(c.evidence, extra),
          addedEvidence: extra,
          origin: "shipped",
        };
      }),
      ...custom.filter((c) => c.frameworkId === f.id).map(customView),
    ],
  }));
  const shippedIds = new Set(LIBRARY.map((f) => f.id));
  const customFrameworks = new Map<string, FrameworkView>();
  for (const c of custom) {
    if (shippedIds.has(c.frameworkId)) continue;
    let f = customFrameworks.get(c.frameworkId);
    if (!f) {
      f = {
        id: c.frameworkId,
        title: c.frameworkTitle ?? c.frameworkId,
        version: "custom",
        source: "Added by an administrator",
        origin: "custom",
        controls: [],
      };
      customFrameworks.set(c.frameworkId, f);
    }
    f.controls.push(customView(c));
  }
  return [...out, ...customFrameworks.values()];
}

export const summary = (f: FrameworkView): FrameworkSummary => ({
  id: f.id,
  title: f.title,
  version: f.version,
  source: f.source,
  origin: f.origin,
  controls: f.controls.length,
});

/** GET /api/v1/frameworks (inventory.read). */
export async function listFrameworks(actor: Actor): Promise<{ items: FrameworkSummary[]; nextCursor: null }> {
  authorize(actor, "inventory.read");
  return { items: (await loadFrameworks()).map(summary), nextCursor: null };
}

/** One framework with its controls (no authorisation: callers did it). */
export async function frameworkById(id: string): Promise<FrameworkView> {
  const f = (await loadFrameworks()).find((x) => x.id === id);
  if (!f) throw notFound(`The framework ${id}`);
  return f;
}

/** GET /api/v1/frameworks/{id} (inventory.read): the controls with their mappings. */
export async function getFramework(actor: Actor, id: string): Promise<FrameworkSummary & { items: ControlView[] }> {
  authorize(actor, "inventory.read");
  const f = await frameworkById(id);
  return { ...summary(f), items: f.controls };
}
