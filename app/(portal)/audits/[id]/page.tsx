import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { AttributeSection } from "@/components/fairness/attribute-section";
import { VerdictBadge } from "@/components/fairness/audit-verdict";
import { Findings, findingsOf } from "@/components/fairness/findings";
import { count } from "@/components/fairness/format";
import { IntersectionsTable } from "@/components/fairness/intersections-table";
import { VersionComparison } from "@/components/fairness/version-comparison";
import { DefinitionList, PageHeader, Panel, secondaryButtonClass } from "@/components/ui/page";
import { requirePageActor } from "@/lib/auth/page";
import { AppError } from "@/lib/errors";
import { getBiasAudit, listModelAudits } from "@/lib/fairness/audits";
import { RATE_LABELS } from "@/lib/fairness/rates";
import { wordingOf } from "@/lib/fairness/wording";
import { formatTime } from "@/lib/format";

export const dynamic = "force-dynamic";

type Params = { id: string };

// The metadata and the page ask for the same audit: one read per request.
const load = cache(async (id: string) => {
  const actor = await requirePageActor();
  try {
    const audit = await getBiasAudit(actor, id);
    return { audit, history: await listModelAudits(actor, audit.model) };
  } catch (e) {
    if (e instanceof AppError && e.status === 404) notFound();
    throw e;
  }
});

/** The reference of each attribute in the order the audit named them, then the pairs (jsonb keeps its own key order). */
function referenceList(c: { sensitiveAttributes: string[]; referenceGroups: Record<string, string | null> }) {
  const keys = Object.keys(c.referenceGroups).sort((a, b) => {
    const ia = c.sensitiveAttributes.indexOf(a);
    const ib = c.sensitiveAttributes.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
  });
  return (
    <ul>
      {keys.map((k) => (
        <li key={k}>
          {k}: <span className="font-medium">{c.referenceGroups[k] ?? "—"}</span>
        </li>
      ))}
    </ul>
  );
}

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { audit } = await load((await params).id);
  return { title: `Bias audit ${audit.name}: ${audit.model} ${audit.version}` };
}

export default async function BiasAuditPage({ params }: { params: Promise<Params> }) {
  const { audit, history } = await load((await params).id);
  const wording = wordingOf(audit.config.wording);
  const findings = findingsOf(audit.groups, audit.summary, wording);
  const ixFindings = findingsOf(audit.intersections.groups, audit.intersections.summary, wording);
  const thresholds = audit.config.thresholds;
  const tooSmall = audit.groups.filter((g) => g.tooSmall).length;
  return (
    <>
      <PageHeader
        crumbs={[
          { href: "/models", label: "Models" },
          { href: `/models/${audit.model}`, label: audit.model },
          { href: `/models/${audit.model}/versions/${encodeURIComponent(audit.version)}`, label: audit.version },
        ]}
        title={
          <span className="flex flex-wrap items-center gap-2">
            Bias audit {audit.name} <VerdictBadge passed={audit.passed} />
          </span>
        }
        subtitle={`${audit.model} ${audit.version} · dataset ${audit.dataset} · ${count(audit.recordCount)} records`}
        actions={
          <a href={`/api/v1/bias-audits/${audit.id}?format=csv`} download className={secondaryButtonClass}>
            Download CSV
          </a>
        }
      />
      <div className="grid grid-cols-1 gap-x-6 lg:grid-cols-3">
        <div className="min-w-0 lg:col-span-2">
          <Panel title="Verdict" id="verdict">
            {audit.passed ? (
              <p className="text-sm" data-testid="verdict-text">
                <span className="font-semibold text-ok">✓ Passed.</span> Every group large enough to judge is within {thresholds.min}–
                {thresholds.max} of its reference group on each judged rate
                {audit.config.metrics.includes("selectionRate") ? ", and the four-fifths rule holds" : ""}.
                {tooSmall > 0 && ` ${tooSmall} group${tooSmall === 1 ? " is" : "s are"} too small to judge.`}
              </p>
            ) : (
              <>
                <p className="mb-3 text-sm" data-testid="verdict-text">
                  <span className="font-semibold text-bad">✗ Failed.</span>{" "}
                  {findings.length + ixFindings.length > 0
                    ? "These groups are treated differently from their reference group beyond the thresholds:"
                    : "The four-fifths rule does not hold:"}
                </p>
                <Findings findings={findings} summaries={audit.summary} />
                {ixFindings.length > 0 && (
                  <>
                    <h3 className="mt-4 mb-2 text-sm font-semibold">At the intersections</h3>
                    <Findings
                      findings={ixFindings}
                      summaries={audit.intersections.summary}
                      limit={2}
                      rest="in the intersections table below"
                    />
                  </>
                )}
              </>
            )}
          </Panel>
        </div>
        <div className="min-w-0">
          <Panel title="How it was judged" id="config">
            <DefinitionList
              items={[
                ["Reference groups", referenceList(audit.config)],
                ["Pass band", `${thresholds.min} ≤ disparity ≤ ${thresholds.max}`],
                ["Judged rates", audit.config.metrics.map((m) => RATE_LABELS[m]).join(", ")],
                ["Too small to judge", `fewer than ${audit.config.minGroupSize} records`],
                ["Positive label", String(audit.config.positiveLabel)],
                [
                  "Input",
                  audit.config.source === "counts"
                    ? "counts per group"
                    : audit.config.source === "ndjson"
                      ? "records (NDJSON stream)"
                      : "records (JSON)",
                ],
                ["Run", `${formatTime(audit.createdAt)} by ${audit.createdBy}`],
              ]}
            />
          </Panel>
        </div>
      </div>
      {audit.config.sensitiveAttributes.map((attr) => {
        const summary = audit.summary[attr];
        if (!summary) return null;
        return (
          <AttributeSection
            key={attr}
            attribute={attr}
            summary={summary}
            groups={audit.groups.filter((g) => g.attribute === attr)}
            judged={audit.config.metrics}
            thresholds={thresholds}
            wording={wording}
          />
        );
      })}
      <Panel title="Intersections" id="intersections">
        <IntersectionsTable
          intersections={audit.intersections}
          attributes={audit.config.sensitiveAttributes}
          enabled={audit.config.intersections}
        />
      </Panel>
      <Panel title={`Audits of ${audit.model} across versions`} id="versions">
        <VersionComparison audits={history} current={audit.id} model={audit.model} />
      </Panel>
    </>
  );
}
