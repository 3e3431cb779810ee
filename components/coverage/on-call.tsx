import type { Actor } from "@/lib/auth/actor";
import { portfolioCoverage, shownVersionCoverage } from "@/lib/coverage/read";
import { CoveragePanel } from "./coverage-panel";
import { PortfolioCoveragePanel } from "./portfolio";

/** The on-call page's coverage: the chosen model's version (when the page shows one model), then the portfolio. */
export async function OnCallCoverage({ actor, model }: { actor: Actor; model: string | null }) {
  const [version, portfolio] = await Promise.all([model ? shownVersionCoverage(actor, model) : null, portfolioCoverage(actor)]);
  return (
    <>
      {version && <CoveragePanel coverage={version} />}
      <PortfolioCoveragePanel portfolio={portfolio} />
    </>
  );
}
