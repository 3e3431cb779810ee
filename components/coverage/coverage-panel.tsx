import Link from "next/link";
import { Panel } from "@/components/ui/page";
import type { VersionCoverage } from "@/lib/coverage/modes";
import { ModesList } from "./modes-list";

/** "What is watched" for one version: the model page's panel and the on-call page's, the same. */
export function CoveragePanel({ coverage, id = "coverage" }: { coverage: VersionCoverage; id?: string }) {
  return (
    <Panel title="What is watched" id={id}>
      <p className="mb-2 text-xs text-muted">
        {coverage.stage === "production" ? "The version in production, " : `A version in ${coverage.stage}, `}
        <Link
          href={`/models/${encodeURIComponent(coverage.model)}/versions/${encodeURIComponent(coverage.version)}`}
          className="font-mono text-brand underline underline-offset-2"
        >
          {coverage.model} {coverage.version}
        </Link>
        . What each failure mode means and what to do first:{" "}
        <Link href="/docs/failure-modes" className="text-brand underline underline-offset-2">
          failure modes
        </Link>
        .
      </p>
      <ModesList coverage={coverage} />
    </Panel>
  );
}
