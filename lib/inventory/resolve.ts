import "server-only";
import { sql } from "drizzle-orm";
import { rows, type Tx } from "@/db/client";
import type { ErrorDetail } from "../errors";

/**
 * (model, version) → version id for every pair in a batch, in one query; for each unknown pair, a detail naming its
 * first item (`${field}[i].model` or `.version`), in item order. Shared by the batch ingests (telemetry, resources).
 */
export async function resolveVersionIds(tx: Tx, items: { model: string; version: string }[], field: string): Promise<{ ids: Map<string, number>; details: ErrorDetail[] }> {
  const firstAt = new Map<string, number>();
  items.forEach((e, i) => {
    const k = `${e.model}\n${e.version}`;
    if (!firstAt.has(k)) firstAt.set(k, i);
  });
  const pairs = [...firstAt.keys()].map((k) => {
    const [model, version] = k.split("\n");
    return { model, version };
  });
  const found = await rows<{ model: string; version: string; model_known: boolean; version_id: number | null }>(
    sql`select x.model, x.version, (m.id is not null) as model_known, v.id as version_id
      from jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) as x(model text, version text)
      left join models m on m.name = x.model
      left join model_versions v on v.model_id = m.id and v.version = x.version`,
    tx,
  );
  const ids = new Map<string, number>();
  const bad: (ErrorDetail & { i: number })[] = [];
  for (const f of found) {
    const k = `${f.model}\n${f.version}`;
    const i = firstAt.get(k) as number;
    if (f.version_id !== null) ids.set(k, Number(f.version_id));
    else if (!f.model_known) bad.push({ i, path: `${field}[${i}].model`, message: `is not a registered model (${f.model})` });
    else bad.push({ i, path: `${field}[${i}].version`, message: `is not a registered version of ${f.model} (${f.version})` });
  }
  return { ids, details: bad.sort((a, b) => a.i - b.i).map(({ path, message }) => ({ path, message })) };
}
