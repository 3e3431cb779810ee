import "server-only";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/policy";
import { downstreamModels, type ImpactItem } from "../lineage/graph";
import { type DataQualityResult, failingDatasetIds, latestResults } from "./store";

export type FailingUpstreamOfProduction = { result: DataQualityResult; production: ImpactItem[] };

/**
 * For the on-call page: datasets whose latest Great Expectations validation failed and that feed a model version in
 * production (by lineage's impact walk), each with the production versions it feeds.
 */
export async function failingUpstreamOfProduction(actor: Actor): Promise<FailingUpstreamOfProduction[]> {
  authorize(actor, "inventory.read");
  const ids = await failingDatasetIds();
  const latest = await latestResults(ids);
  const out: FailingUpstreamOfProduction[] = [];
  for (const id of ids) {
    const result = latest.get(id);
    if (!result) continue;
    const production = (await downstreamModels(id)).filter((i) => i.type === "model" && i.stage === "production");
    if (production.length) out.push({ result, production });
  }
  return out;
}
