import type { Actor } from "@/lib/auth/actor";
import { listFrameworks } from "@/lib/controls/frameworks";
import { modelFrameworkCoverage } from "@/lib/controls/read";
import { ModelFrameworkCoverage } from "./model-coverage";

/** Server half of the model page's "Framework coverage": the first framework's coverage, painted from the server. */
export async function FrameworkCoverageSection({ actor, model }: { actor: Actor; model: string }) {
  const { items } = await listFrameworks(actor);
  const initial = await modelFrameworkCoverage(actor, model, items[0].id);
  return <ModelFrameworkCoverage initial={initial} frameworks={items} />;
}
