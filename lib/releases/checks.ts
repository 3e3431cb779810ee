// The release checks, pure: from the evidence gathered for a version, the policy, the target stage, the model's risk
// tier and the kind of release, each check's status with the evidence a reviewer can open.
import { z } from "zod";
import type { RiskTier } from "../inventory/schemas";
import {
  CHECK_NAMES,
  CHECK_TITLES,
  type CheckMode,
  type CheckName,
  DATA_QUALITY_DEFAULT,
  MONITORING_COVERAGE_DEFAULT,
  OPEN_FINDINGS_DEFAULT,
  PERIODIC_REVIEW_DEFAULT,
  type PolicyRules,
} from "./policy";

export const EvidenceLink = z.object({
  type: z.enum(["card", "bias_audit", "evaluation", "lineage", "alert", "coverage", "review", "finding"]),
  id: z.string(),
  label: z.string(),
  href: z.string(),
});
export type EvidenceLink = z.infer<typeof EvidenceLink>;

export const Check = z
  .object({
    name: z.enum(CHECK_NAMES),
    title: z.string(),
    status: z.enum(["pass", "fail", "warn"]),
    /** Whether a failure of this check stops approval (policy mode "block", and not a rollback). */
    blocking: z.boolean(),
    detail: z.string(),
    evidence: z.array(EvidenceLink),
  })
  .meta({ id: "ReleaseCheck" });
export type Check = z.infer<typeof Check>;

export type Evidence = {
  model: string;
  version: string;
  card: { revision: number; completeness: number } | null;
  /** The version's latest bias audit. */
  audit: { id: string; name: string; passed: boolean } | null;
  evaluations: { id: string; dataset: string; slice: string | null }[];
  lineage: { inputs: { namespace: string; name: string }[]; trainingRunId: string | null };
  /** The version in production that this release would replace, and the page alerts firing on it. */
  replaced: { version: string; firingPageAlerts: { id: string; title: string }[] } | null;
  /**
   * Great Expectations results on the datasets upstream of the version: how many of them have one, and those whose
   * latest failed. Absent or none validated: the data_quality check is not listed (there is nothing to judge).
   */
  dataQuality?: {
    validated: number;
    failing: { datasetId: string; namespace: string; name: string; suite: string | null; unsuccessful: number; evaluated: number }[];
  };
  /**
   * The failure modes (lib/coverage/) the version would be blind to once it serves. Absent: the monitoring_coverage
   * check is not listed.
   */
  coverage?: { blind: { mode: string; title: string; reason: string }[] };
  /**
   * The model's periodic review (lib/mrm/): its tier, next-review date (YYYY-MM-DD at midnight UTC, ISO), whether it
   * is overdue, and its latest completed review. Absent (never reviewed and not overdue): the check is not listed.
   */
  review?: {
    tier: RiskTier;
    nextReviewAt: string | null;
    overdue: boolean;
    latest: { id: string; outcome: "satisfactory" | "satisfactory_with_findings" | "unsatisfactory"; completedAt: string } | null;
  };
  /**
   * The high and critical findings still open (or in remediation, or with a lapsed acceptance) against the model or
   * this version (lib/findings/evidence.ts). Absent: the open_findings check is not listed.
   */
  findings?: { blocking: { id: string; title: string; severity: string; status: string; dueDate: string }[] };
};

export type CheckContext = { target: "staging" | "production"; riskTier: RiskTier; kind: "release" | "rollback" };

const versionHref = (e: Evidence) => `/models/${encodeURIComponent(e.model)}/versions/${encodeURIComponent(e.version)}`;

function modeOf(name: CheckName, rules: PolicyRules, ctx: CheckContext): CheckMode {
  if (name === "bias_audit") return rules.checks.bias_audit.mode[ctx.riskTier];
  if (name === "data_quality") return (rules.checks.data_quality ?? DATA_QUALITY_DEFAULT).mode[ctx.target];
  if (name === "open_findings") return (rules.checks.open_findings ?? OPEN_FINDINGS_DEFAULT).mode[ctx.target];
  // Coverage is about what watches a version in production; a staging candidate is not judged on it.
  if (name === "monitoring_coverage")
    return ctx.target === "production" ? (rules.checks.monitoring_coverage ?? MONITORING_COVERAGE_DEFAULT).mode : "off";
  if (name === "periodic_review") return (rules.checks.periodic_review ?? PERIODIC_REVIEW_DEFAULT).mode[ctx.target];
  return rules.checks[name].mode[ctx.target];
}

function judge(name: CheckName, e: Evidence, rules: PolicyRules): { ok: boolean; detail: string; evidence: EvidenceLink[] } {
  const href = versionHref(e);
  switch (name) {
    case "card_completeness": {
      const min = rules.checks.card_completeness.min;
      if (!e.card) return { ok: false, detail: `No model card yet; it must be at least ${min}% complete.`, evidence: [] };
      const link: EvidenceLink = {
        type: "card",
        id: String(e.card.revision),
        label: `Card revision ${e.card.revision}`,
        href: `${href}#card`,
      };
      return e.card.completeness >= min
        ? { ok: true, detail: `The card is ${e.card.completeness}% complete (at least ${min}% needed).`, evidence: [link] }
        : { ok: false, detail: `The card is ${e.card.completeness}% complete; at least ${min}% is needed.`, evidence: [link] };
    }
    case "bias_audit": {
      if (!e.audit) return { ok: false, detail: "No bias audit of this version yet.", evidence: [] };
      const link: EvidenceLink = {
        type: "bias_audit",
        id: e.audit.id,
        label: `Bias audit “${e.audit.name}”`,
        href: `/audits/${e.audit.id}`,
      };
      return e.audit.passed
        ? { ok: true, detail: `The latest bias audit, “${e.audit.name}”, passed.`, evidence: [link] }
        : { ok: false, detail: `The latest bias audit, “${e.audit.name}”, failed.`, evidence: [link] };
    }
    case "evaluation": {
      const n = e.evaluations.length;
      const links = e.evaluations.slice(0, 5).map(
        (x): EvidenceLink => ({
          type: "evaluation",
          id: x.id,
          label: x.slice ? `${x.dataset} (${x.slice})` : x.dataset,
          href: `${href}#evaluations`,
        }),
      );
      return n > 0
        ? { ok: true, detail: `${n} evaluation${n === 1 ? "" : "s"} recorded.`, evidence: links }
        : { ok: false, detail: "No evaluation of this version is recorded.", evidence: [] };
    }
    case "lineage_inputs": {
      const { inputs, trainingRunId } = e.lineage;
      const links = inputs.slice(0, 5).map(
        (i): EvidenceLink => ({
          type: "lineage",
          id: `${i.namespace}/${i.name}`,
          label: `${i.namespace} · ${i.name}`,
          href: `${href}#inputs`,
        }),
      );
      if (inputs.length > 0)
        return { ok: true, detail: `Trained on ${inputs.length} recorded input${inputs.length === 1 ? "" : "s"}.`, evidence: links };
      if (trainingRunId)
        return {
          ok: true,
          detail: `Training run ${trainingRunId} is recorded.`,
          evidence: [{ type: "lineage", id: trainingRunId, label: `Run ${trainingRunId}`, href: `${href}#inputs` }],
        };
      return {
        ok: false,
        detail: "No training inputs or training run are recorded, so nobody can say what it was trained on.",
        evidence: [],
      };
    }
    case "data_quality": {
      const { validated, failing } = e.dataQuality ?? { validated: 0, failing: [] };
      const links = failing.slice(0, 5).map(
        (f): EvidenceLink => ({
          type: "lineage",
          id: f.datasetId,
          label: `${f.name}: ${f.unsuccessful} of ${f.evaluated} failed`,
          href: `/lineage?node=${encodeURIComponent(f.datasetId)}`,
        }),
      );
      const n = failing.length;
      return n === 0
        ? {
            ok: true,
            detail: `The latest validation of ${validated === 1 ? "the 1 validated dataset" : `each of the ${validated} validated datasets`} upstream passed.`,
            evidence: [],
          }
        : {
            ok: false,
            detail: `The latest validation of ${n} upstream dataset${n === 1 ? "" : "s"} failed: ${failing
              .slice(0, 3)
              .map((f) => f.name)
              .join(", ")}${n > 3 ? ` and ${n - 3} more` : ""}.`,
            evidence: links,
          };
    }
    case "monitoring_coverage": {
      const max = (rules.checks.monitoring_coverage ?? MONITORING_COVERAGE_DEFAULT).maxBlindSpots;
      const blind = e.coverage?.blind ?? [];
      const list = blind.map((b) => `${b.mode} ${b.title.toLowerCase()}`).join(", ");
      const evidence: EvidenceLink[] = [{ type: "coverage", id: e.version, label: "What is watched", href: `${href}#coverage` }];
      if (blind.length === 0) return { ok: true, detail: "Every one of the eight failure modes has a live signal.", evidence };
      const n = `${blind.length} of the eight failure mode${blind.length === 1 ? "" : "s"}`;
      return blind.length <= max
        ? { ok: true, detail: `Blind to ${n} (at most ${max} allowed): ${list}.`, evidence }
        : { ok: false, detail: `Blind to ${n}, more than the ${max} the policy allows: ${list}.`, evidence };
    }
    case "periodic_review": {
      const r = e.review;
      if (!r) return { ok: true, detail: "Not reviewed yet, and no review is due.", evidence: [] };
      const day = (iso: string) => iso.slice(0, 10);
      const next = r.nextReviewAt ? `next review due ${day(r.nextReviewAt)}` : "no review is scheduled for its tier";
      const evidence: EvidenceLink[] = r.latest
        ? [{ type: "review", id: r.latest.id, label: `Review of ${day(r.latest.completedAt)}`, href: `/reviews/${r.latest.id}` }]
        : [];
      if (r.latest?.outcome === "unsatisfactory")
        return { ok: false, detail: `The latest periodic review (${day(r.latest.completedAt)}) was unsatisfactory; ${next}.`, evidence };
      if (r.overdue && r.tier === "critical")
        return {
          ok: false,
          detail: `The periodic review of this critical model is overdue (it was due ${day(r.nextReviewAt ?? "")}).`,
          evidence,
        };
      // An overdue review blocks only critical models; for other tiers it is said here and listed on /reviews.
      if (r.overdue)
        return {
          ok: true,
          detail: `The periodic review is overdue (it was due ${day(r.nextReviewAt ?? "")}); it blocks only critical models.`,
          evidence,
        };
      return {
        ok: true,
        detail: `The latest periodic review (${day(r.latest?.completedAt ?? "")}) was ${r.latest?.outcome === "satisfactory" ? "satisfactory" : "satisfactory with findings"}; ${next}.`,
        evidence,
      };
    }
    case "open_findings": {
      const blocking = e.findings?.blocking ?? [];
      const n = blocking.length;
      if (n === 0) return { ok: true, detail: "No high or critical finding is open against the model or this version.", evidence: [] };
      return {
        ok: false,
        detail: `${n} ${n === 1 ? "finding is" : "findings are"} still open: ${blocking
          .slice(0, 3)
          .map((f) => `“${f.title}” (${f.severity}, ${f.status.replace("_", " ")})`)
          .join(
            ", ",
          )}${n > 3 ? ` and ${n - 3} more` : ""}. Close ${n === 1 ? "it" : "them"} after validation, or have compliance accept the risk.`,
        evidence: blocking.map((f) => ({ type: "finding", id: f.id, label: `${f.severity}: ${f.title}`, href: `/findings/${f.id}` })),
      };
    }
    case "no_page_alert": {
      if (!e.replaced) return { ok: true, detail: "No version is in production, so there is nothing being replaced.", evidence: [] };
      const firing = e.replaced.firingPageAlerts;
      return firing.length === 0
        ? { ok: true, detail: `No page alert is firing on ${e.replaced.version}, the version in production.`, evidence: [] }
        : {
            ok: false,
            detail: `${firing.length} page alert${firing.length === 1 ? " is" : "s are"} firing on ${e.replaced.version}, the version in production.`,
            evidence: firing.map((a) => ({ type: "alert", id: a.id, label: a.title, href: "/dashboards/on-call" })),
          };
    }
  }
}

/** Every check the policy runs for this release, in a fixed order. */
export function evaluateChecks(e: Evidence, rules: PolicyRules, ctx: CheckContext): Check[] {
  const out: Check[] = [];
  for (const name of CHECK_NAMES) {
    const mode = modeOf(name, rules, ctx);
    if (mode === "off") continue;
    if (name === "data_quality" && !e.dataQuality?.validated) continue;
    if (name === "monitoring_coverage" && !e.coverage) continue;
    if (name === "periodic_review" && !e.review) continue;
    if (name === "open_findings" && !e.findings) continue;
    const r = judge(name, e, rules);
    const blocking = mode === "block" && ctx.kind === "release";
    out.push({
      name,
      title: CHECK_TITLES[name],
      status: r.ok ? "pass" : blocking ? "fail" : "warn",
      blocking,
      detail: r.detail,
      evidence: r.evidence,
    });
  }
  return out;
}

export const failingBlocking = (checks: Check[]) => checks.filter((c) => c.blocking && c.status === "fail");
