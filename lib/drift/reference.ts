import "server-only";
import { asc, eq, sql } from "drizzle-orm";
import { conn, rows, type Tx, transact } from "@/db/client";
import { inList } from "@/db/in-list";
import { driftReferences } from "@/db/schema";
import { zodDetails } from "../api/validate";
import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { authorize, modelSubject } from "../auth/policy";
import { badRequest, type ErrorDetail, notFound } from "../errors";
import { findVersion } from "../inventory/versions";
import { versionsOf } from "../quality/window";
import { numericRange, type PredictionSpec, predictionSpec } from "./outliers";
import { buildSpec, defaultMethod, type ProfileSpec } from "./profile";
import { ReferenceProfile } from "./schemas";

export type ReferenceView = {
  model: string;
  version: string;
  features: {
    name: string;
    type: "numeric" | "categorical";
    rows: number;
    distinct: number;
    method: ReturnType<typeof defaultMethod>;
    range?: [number, number];
  }[];
  prediction?: { type: "numeric" | "categorical"; rows: number; range?: [number, number] };
  updatedAt: string;
  createdBy: string;
};

const view = (
  model: string,
  version: string,
  spec: ProfileSpec,
  prediction: PredictionSpec | null,
  updatedAt: Date | string,
  createdBy: string,
): ReferenceView => ({
  model,
  version,
  features: Object.entries(spec)
    .map(([name, s]) => ({
      name,
      type: s.kind === "numeric" || (s.kind === "categorical" && s.numeric) ? ("numeric" as const) : ("categorical" as const),
      rows: s.rows,
      distinct: s.distinct,
      method: defaultMethod(s),
      ...(s.kind === "numeric" ? { range: numericRange(s) } : {}),
    }))
    .sort((a, b) => a.name.localeCompare(b.name)),
  ...(prediction
    ? {
        prediction: {
          type: prediction.kind === "numeric" || prediction.numeric ? ("numeric" as const) : ("categorical" as const),
          rows: prediction.rows,
          ...(prediction.kind === "numeric" ? { range: prediction.range } : {}),
        },
      }
    : {}),
  updatedAt: new Date(updatedAt).toISOString(),
  createdBy,
});

/** A stored layout (the jsonb columns are typed loosely in the schema; a string is parsed, as rows once held). */
const parse = <T>(x: unknown): T => (typeof x === "string" ? JSON.parse(x) : x) as T;

/**
 * A profile as a jsonb value: its maps have no prototype (user strings key them), which drizzle's values() cannot take
 * as a column value.
 */
const jsonb = (v: unknown) => sql`${JSON.stringify(v)}::jsonb`;

async function versionId(name: string, version: string): Promise<number> {
  const { versions } = await versionsOf(name, version);
  return versions[0].id;
}

/**
 * zod's records pass over a "__proto__" key without a word (it cannot be a plain object's own key), so a feature or a
 * category of that name would vanish from the profile: name it instead.
 */
export function reservedKeys(body: unknown): ErrorDetail[] {
  const own = (o: unknown, k: string) => typeof o === "object" && o !== null && Object.hasOwn(o, k);
  const features =
    typeof body === "object" && body !== null && Object.hasOwn(body, "features") ? (body as { features: unknown }).features : null;
  if (typeof features !== "object" || features === null) return [];
  const out: ErrorDetail[] = [];
  if (own(features, "__proto__")) out.push({ path: "features.__proto__", message: "is a reserved name" });
  for (const [name, f] of Object.entries(features)) {
    const counts = own(f, "counts") ? (f as { counts: unknown }).counts : null;
    if (own(counts, "__proto__")) out.push({ path: `features.${name}.counts.__proto__`, message: "is a reserved category name" });
  }
  return out;
}

/**
 * API.md `PUT .../reference`: the version's training-time profile. Replacing it drops the version's feature windows,
 * since they were counted on the old bins (the response says how many windows went). Writers: as for the version's
 * card and evaluations (evidence.write: the model's owner or a maintainer, or an admin).
 */
export async function putReference(
  actor: Actor,
  name: string,
  version: string,
  body: unknown,
): Promise<ReferenceView & { windowsDropped: number }> {
  authorize(actor, "evidence.write");
  authorize(actor, "evidence.write", modelSubject((await findVersion(name, version)).m));
  const parsed = ReferenceProfile.safeParse(body);
  const reserved = reservedKeys(body);
  if (!parsed.success || reserved.length) {
    const details = [...reserved, ...(parsed.success ? [] : zodDetails(parsed.error))];
    throw badRequest(
      `The reference profile is invalid: ${details[0].path} ${details[0].message}. Nothing was stored.`,
      details.slice(0, 100),
    );
  }
  const id = await versionId(name, version);
  const spec = buildSpec(parsed.data);
  const prediction = parsed.data.prediction ? predictionSpec(parsed.data.prediction) : null;
  return transact(async (tx) => {
    const [before] = await tx
      .select({ versionId: driftReferences.versionId })
      .from(driftReferences)
      .where(eq(driftReferences.versionId, id))
      .for("update");
    const [saved] = await tx
      .insert(driftReferences)
      .values({
        versionId: id,
        features: jsonb(parsed.data.features),
        spec: jsonb(spec),
        prediction: prediction === null ? null : jsonb(prediction),
        createdBy: actor.email,
        updatedAt: sql`now()`,
      })
      .onConflictDoUpdate({
        target: driftReferences.versionId,
        set: {
          features: sql`excluded.features`,
          spec: sql`excluded.spec`,
          prediction: sql`excluded.prediction`,
          createdBy: sql`excluded.created_by`,
          updatedAt: sql`now()`,
        },
      })
      .returning({ updatedAt: driftReferences.updatedAt });
    // Raw: counts the deleted windows in the database instead of returning each one.
    const dropped = await rows<{ n: number }>(
      sql`with d as (delete from drift_windows where version_id = ${id} returning 1) select count(*)::int as n from d`,
      tx,
    );
    const v = view(name, version, spec, prediction, saved.updatedAt, actor.email);
    await appendAudit(
      tx,
      actor,
      before ? "reference.replaced" : "reference.registered",
      { type: "version", id: `${name}/${version}` },
      null,
      {
        features: v.features.map((f) => ({ name: f.name, type: f.type, rows: f.rows, method: f.method })),
        ...(v.prediction ? { prediction: v.prediction } : {}),
        windowsDropped: dropped[0].n,
      },
    );
    return { ...v, windowsDropped: dropped[0].n };
  });
}

export async function getReference(actor: Actor, name: string, version: string): Promise<ReferenceView> {
  authorize(actor, "inventory.read");
  const id = await versionId(name, version);
  const [r] = await (await conn())
    .select({
      spec: driftReferences.spec,
      prediction: driftReferences.prediction,
      updatedAt: driftReferences.updatedAt,
      createdBy: driftReferences.createdBy,
    })
    .from(driftReferences)
    .where(eq(driftReferences.versionId, id));
  if (!r) throw notFound(`A reference profile for ${name} ${version} (PUT one first)`);
  return view(
    name,
    version,
    parse<ProfileSpec>(r.spec),
    r.prediction === null ? null : parse<PredictionSpec>(r.prediction),
    r.updatedAt,
    r.createdBy,
  );
}

/**
 * The layouts of these versions' references. Inside a telemetry batch (`tx` with `forShare`) the rows are read FOR
 * SHARE, so a reference replaced meanwhile waits for the batch that counted on its bins.
 */
export async function specsOf(versionIds: number[], o: { tx?: Tx; forShare?: boolean } = {}): Promise<Map<number, ProfileSpec>> {
  return (await referencesOf(versionIds, o)).specs;
}

/** As specsOf, with the layouts of the predictions of the references that hold one. */
export async function referencesOf(
  versionIds: number[],
  o: { tx?: Tx; forShare?: boolean } = {},
): Promise<{ specs: Map<number, ProfileSpec>; predictions: Map<number, PredictionSpec> }> {
  if (!versionIds.length) return { specs: new Map(), predictions: new Map() };
  const db = o.tx ?? (await conn());
  const all = db
    .select({ versionId: driftReferences.versionId, spec: driftReferences.spec, prediction: driftReferences.prediction })
    .from(driftReferences)
    .where(inList(driftReferences.versionId, versionIds, "int"));
  const found = await (o.forShare ? all.orderBy(asc(driftReferences.versionId)).for("share") : all);
  return {
    specs: new Map(found.map((r) => [r.versionId, parse<ProfileSpec>(r.spec)])),
    predictions: new Map(
      found.flatMap((r) => (r.prediction === null ? [] : [[r.versionId, parse<PredictionSpec>(r.prediction)] as const])),
    ),
  };
}
