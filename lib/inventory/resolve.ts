import "server-only";
import { sql } from "drizzle-orm";
import { rows, type Tx } from "@/db/client";
import type { ErrorDetail } from "../errors";

/**
 * (model, version) → version id for every pair in a batch, in one query; for each unknown pair, a detail naming its
 * first item (`${field}[i].model` or `.version`), in item order. Shared by the batch ingests (telemetry, resources).
 */
export async function resolveVersionIds(
  tx: Tx,
  items: { model: string; version: string }[],
  field: string,
): Promise<{ ids: Map<string, number>; details: ErrorDetail[] }> {
  const firstAt = new Map<string, number>();
  items.forEach((e, i) => {
    const k = `${e.model}\n${e.version}`;
    if (!firstAt.has(k)) firstAt.set(k, i);
  });
  const pairs = [...firstAt.entries()].map(([k, first]) => {
    const [model, version] = k.split("\n");
    return { model, version, first };
  });
  const { ids: byPair, details } = await resolvePairs(tx, pairs, field);
  const ids = new Map<string, number>();
  pairs.forEach((p, i) => {
    if (byPair[i] > 0) ids.set(`${p.model}\n${p.version}`, byPair[i]);
  });
  return { ids, details };
}

/**
 * The version id of each distinct (model, version) pair, in the pairs' order (0 for an unknown one), in one query;
 * for each unknown pair, a detail naming its first item (`${field}[first].model` or `.version`), in item order.
 */
export async function resolvePairs(
  tx: Tx,
  pairs: { model: string; version: string; first: number }[],
  field: string,
): Promise<{ ids: Int32Array; details: ErrorDetail[] }> {
  const found = await rows<{ i: number; model: string; version: string; model_known: boolean; version_id: number | null }>(
    sql`select x.i, x.model, x.version, (m.id is not null) as model_known, v.id as version_id
      from jsonb_to_recordset(${JSON.stringify(pairs.map((p, i) => ({ i, model: p.model, version: p.version })))}::jsonb) as x(i int, model text, version text)
      left join models m on m.name = x.model
      left join model_versions v on v.model_id = m.id and v.version = x.version`,
    tx,
  );
  const ids = new Int32Array(pairs.length);
  const bad: (ErrorDetail & { i: number })[] = [];
  for (const f of found) {
    const p = pairs[Number(f.i)];
    if (f.version_id !== null) ids[Number(f.i)] = Number(f.version_id);
    else if (!f.model_known)
      bad.push({ i: p.first, path: `${field}[${p.first}].model`, message: `is not a registered model (${f.model})` });
    else
      bad.push({ i: p.first, path: `${field}[${p.first}].version`, message: `is not a registered version of ${f.model} (${f.version})` });
  }
  return { ids, details: bad.sort((a, b) => a.i - b.i).map(({ path, message }) => ({ path, message })) };
}
