import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { conn } from "@/db/client";
import { models, modelVersions } from "@/db/schema";
import { badRequest, notFound } from "../errors";
import { parseTime } from "../time";
import type { WindowQuery } from "./schemas";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const MAX_WINDOWS = 1000;

export type HourWindow = { from: number; to: number; step: "1h" | "1d"; unit: number };

/** from/to/step → hour-aligned bounds (default the last 7 days) and the step (1d, or 1h for spans of 2 days or less). */
export function resolveHourWindow(q: Pick<WindowQuery, "from" | "to" | "step">, now = Date.now()): HourWindow {
  const to = q.to !== undefined ? Math.ceil(parseTime(q.to).getTime() / HOUR) * HOUR : Math.ceil(now / HOUR) * HOUR;
  const from = q.from !== undefined ? Math.floor(parseTime(q.from).getTime() / HOUR) * HOUR : to - 7 * DAY;
  if (from >= to) throw badRequest("The window is empty: from must be before to.", [{ path: "from", message: "must be before to" }]);
  const step = q.step ?? (to - from <= 2 * DAY ? "1h" : "1d");
  const unit = step === "1h" ? HOUR : DAY;
  const n = Math.ceil((to - from) / unit);
  if (n > MAX_WINDOWS)
    throw badRequest(`The window holds ${n} steps of ${step}; ask for at most ${MAX_WINDOWS}.`, [
      { path: "step", message: `gives ${n} windows; at most ${MAX_WINDOWS}` },
    ]);
  return { from, to, step, unit };
}

/** The start of the window (from + k·unit) an hour belongs to. */
export const windowOf = (w: HourWindow, hour: number) => w.from + Math.floor((hour - w.from) / w.unit) * w.unit;

/** The model's versions (or the one asked for), 404 for an unknown model or version. */
export async function versionsOf(
  name: string,
  version?: string,
): Promise<{ modelId: number; versions: { id: number; version: string }[] }> {
  const db = await conn();
  const [m] = await db.select({ id: models.id }).from(models).where(eq(models.name, name));
  if (!m) throw notFound(`The model ${name}`);
  const versions = await db
    .select({ id: modelVersions.id, version: modelVersions.version })
    .from(modelVersions)
    .where(
      version === undefined ? eq(modelVersions.modelId, m.id) : and(eq(modelVersions.modelId, m.id), eq(modelVersions.version, version)),
    )
    .orderBy(asc(modelVersions.id));
  if (version !== undefined && !versions.length) throw notFound(`Version ${version} of the model ${name}`);
  return { modelId: m.id, versions };
}
