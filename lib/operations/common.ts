import "server-only";
import { sql } from "drizzle-orm";
import { type Conn, rows } from "@/db/client";
import { badRequest, notFound } from "../errors";
import { MAX_FUTURE_MS } from "../telemetry/limits";
import { parseTime } from "../time";

export { iso, isoOrNull } from "../time";

/** A time bound given as an RFC 3339 string (no zone = UTC) or a Date; undefined/null = unbounded. */
export type Bound = string | Date | null | undefined;
const toDate = (b: Bound): Date | null => (b === undefined || b === null ? null : b instanceof Date ? b : parseTime(b));

/** [from, to) as ISO strings (null = unbounded); 400 when from is not before to. */
export function window(from: Bound, to: Bound): { from: string | null; to: string | null } {
  const f = toDate(from);
  const t = toDate(to);
  if (f && t && f.getTime() >= t.getTime())
    throw badRequest("The window is empty: from must be before to.", [{ path: "from", message: "must be before to" }]);
  return { from: f ? f.toISOString() : null, to: t ? t.toISOString() : null };
}

/** A reported time, read as UTC when it has no zone; refused (400 naming `path`) when more than 24 h ahead. */
export function reportedTime(s: string, path: string, now = Date.now()): Date {
  const d = parseTime(s);
  if (d.getTime() > now + MAX_FUTURE_MS)
    throw badRequest(`${path} is more than 24 hours in the future; check the reporter's clock.`, [
      { path, message: "is more than 24 hours in the future" },
    ]);
  return d;
}

/** The model by name or id; 404 naming it. */
export async function findModel(c: Conn, model: string | number, lock = false): Promise<{ id: number; name: string }> {
  const where = typeof model === "number" ? sql`id = ${model}` : sql`name = ${model}`;
  const [m] = await rows<{ id: number; name: string }>(
    sql`select id, name from models where ${where}${lock ? sql` for update` : sql``}`,
    c,
  );
  if (!m) throw notFound(`The model ${model}`);
  return { id: Number(m.id), name: m.name };
}

/** The version of a model by their names; 404 naming whichever is unknown. */
export async function findVersion(c: Conn, model: string, version: string): Promise<{ modelId: number; versionId: number }> {
  const [r] = await rows<{ model_id: number; version_id: number | null }>(
    sql`select m.id as model_id, v.id as version_id from models m left join model_versions v on v.model_id = m.id and v.version = ${version} where m.name = ${model}`,
    c,
  );
  if (!r) throw notFound(`The model ${model}`);
  if (r.version_id === null) throw notFound(`The version ${version} of ${model}`);
  return { modelId: Number(r.model_id), versionId: Number(r.version_id) };
}
