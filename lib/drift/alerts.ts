import "server-only";
import { sql } from "drizzle-orm";
import { rows, type Tx } from "@/db/client";
import type { AlertCandidate } from "../slo/candidate";
import type { ProfileSpec } from "./profile";
import { windowHistograms } from "./read";
import { windowDrift } from "./windows";

const HOUR = 3_600_000;
/** A feature is judged on hourly windows; it alerts when this many judged hours in a row have drifted … */
export const SUSTAINED_HOURS = 3;
/** … among the hours this far back (windows with fewer than 30 values are skipped, not counted as stable). */
export const LOOKBACK_HOURS = 6;

/** See lib/slo/candidate.ts. */
export type DriftAlertCandidate = AlertCandidate<"drift"> & { versionId: number; version: string; sloId: null; severity: "ticket" | null };

/**
 * Drift alerts (tickets), per version with a reference and feature: the latest SUSTAINED_HOURS judged hourly windows
 * of the last LOOKBACK_HOURS (the current hour included) all drifted → firing. It resolves when none of the latest
 * judged windows drifted, or when the feature has no judged window left in the lookback. Alerts already open are
 * always judged, so they resolve when traffic stops.
 */
export async function driftAlertCandidates(tx: Tx, now: Date): Promise<DriftAlertCandidate[]> {
  const refs = await rows<{ version_id: number; version: string; model_id: number; model: string; spec: ProfileSpec | string }>(
    sql`select r.version_id, v.version, m.id as model_id, m.name as model, r.spec from drift_references r
      join model_versions v on v.id = r.version_id join models m on m.id = v.model_id
      where exists (select 1 from drift_windows w where w.version_id = r.version_id and w.hour >= ${new Date(now.getTime() - LOOKBACK_HOURS * HOUR).toISOString()}::timestamptz)
         or exists (select 1 from alerts a where a.version_id = r.version_id and a.kind = 'drift' and a.state = 'firing')
      order by r.version_id`,
    tx,
  );
  if (!refs.length) return [];
  const specs = new Map(refs.map((r) => [Number(r.version_id), (typeof r.spec === "string" ? JSON.parse(r.spec) : r.spec) as ProfileSpec]));
  const end = Math.floor(now.getTime() / HOUR) * HOUR + HOUR;
  const w = { from: end - LOOKBACK_HOURS * HOUR, to: end, step: "1h" as const, unit: HOUR };
  const hs = await windowHistograms([...specs.keys()], w, specs);
  const out: DriftAlertCandidate[] = [];
  for (const r of refs) {
    const v = Number(r.version_id);
    const spec = specs.get(v) as ProfileSpec;
    for (const feature of Object.keys(spec).sort()) {
      const judged = hs
        .filter((x) => x.versionId === v && x.feature === feature)
        .sort((a, b) => b.t - a.t)
        .map((x) => ({ t: x.t, n: x.h.n, result: windowDrift(spec[feature], x.h) }))
        .filter((x) => x.result !== null);
      const latest = judged.slice(0, SUSTAINED_HOURS);
      const firing = latest.length === SUSTAINED_HOURS && latest.every((x) => x.result?.drifted);
      const anyDrift = latest.some((x) => x.result?.drifted);
      const key = `drift:${v}:${feature}`;
      const [open] = await rows<{ id: string }>(sql`select id from alerts where key = ${key} and state = 'firing'`, tx);
      if (!firing && !(open && anyDrift)) {
        if (open)
          out.push({
            key,
            kind: "drift",
            modelId: r.model_id,
            model: r.model,
            versionId: v,
            version: r.version,
            sloId: null,
            severity: null,
            title: "",
            details: {},
          });
        continue;
      }
      const top = latest[0].result;
      out.push({
        key,
        kind: "drift",
        modelId: r.model_id,
        model: r.model,
        versionId: v,
        version: r.version,
        sloId: null,
        severity: "ticket",
        title: `${r.model} ${r.version}: feature ${feature} has drifted from the training data for ${SUSTAINED_HOURS} hours (${top?.method.replace("_", "-")}, PSI ${top?.psi.toFixed(2)})`,
        details: {
          feature,
          method: top?.method,
          psi: top?.psi,
          windows: latest.map((x) => ({
            from: new Date(x.t).toISOString(),
            n: x.n,
            drifted: x.result?.drifted,
            psi: x.result?.psi,
            ks: x.result?.ks,
            wasserstein: x.result?.wasserstein,
            chiSquare: x.result?.chiSquare,
            jensenShannon: x.result?.jensenShannon,
          })),
        },
      });
    }
  }
  return out;
}
