// The demo's model-risk findings and one incident (issue 21), through the domains' own functions. None blocks a
// release of the demo's models (no high or critical finding is left open), so the other demo stories stay as they are.
import type { Actor } from "@/lib/auth/actor";
import { acceptFindingRisk, closeFinding, raiseFinding, updateFinding } from "@/lib/findings/findings";
import { addDays, utcDay } from "@/lib/findings/status";
import { addTimelineEntry, createIncident, updateIncident } from "@/lib/incidents/incidents";

const DAY = 86_400_000;

export async function seedDemoFindings(as: (email: string) => Actor, now = new Date()): Promise<void> {
  const validator = as("samira@example.com");
  const compliance = as("compliance@example.com");
  const today = utcDay(now);
  const ago = (days: number) => new Date(now.getTime() - days * DAY);

  // Overdue: raised 75 days ago with 45 days to fix, still in remediation (30 days overdue on the executive dashboard).
  const overdue = await raiseFinding(
    validator,
    {
      model: "aml-alert-triage",
      severity: "medium",
      title: "Threshold tuning is not documented",
      description: "The alert threshold was changed twice last quarter; neither change names its analysis or approval.",
      dueDate: addDays(today, -30),
    },
    ago(75),
  );
  await updateFinding(
    as("priya@example.com"),
    overdue.id,
    { status: "in_remediation", remediationPlan: "Write up both changes in the card's caveats, with the backtests that justified them." },
    ago(60),
  );

  // A high finding whose risk compliance accepted for a quarter, with the reason.
  const accepted = await raiseFinding(
    validator,
    {
      model: "aml-alert-triage",
      severity: "high",
      title: "No challenger model",
      description: "SR 11-7 expects outcomes to be benchmarked; there is no challenger or benchmark for this model.",
      dueDate: addDays(today, 60),
    },
    ago(20),
  );
  await acceptFindingRisk(
    compliance,
    accepted.id,
    { until: addDays(today, 90), justification: "The rules engine it replaced runs in shadow until Q2 and serves as the benchmark." },
    ago(10),
  );

  // A low finding raised, fixed and closed after validation.
  const closed = await raiseFinding(
    compliance,
    {
      model: "aml-alert-triage",
      severity: "low",
      title: "Card lists a retired data source",
      description: "Section 5 names the 2022 feed.",
    },
    ago(40),
  );
  await closeFinding(validator, closed.id, { validationComment: "Card revision checked: the feed is gone from section 5." }, ago(30));

  // fraud-card-tx 3.6.0's hour of 5% errors (lib/demo/telemetry.ts), recorded and resolved.
  const incident = await createIncident(
    as("priya@example.com"),
    {
      model: "fraud-card-tx",
      version: "3.6.0",
      title: "Card transactions scored with errors for an hour",
      severity: "high",
      startedAt: new Date(now.getTime() - 3 * 3_600_000).toISOString(),
      detectedAt: new Date(now.getTime() - 3 * 3_600_000 + 6 * 60_000).toISOString(),
    },
    new Date(now.getTime() - 3 * 3_600_000 + 8 * 60_000),
  );
  await addTimelineEntry(as("priya@example.com"), incident.id, {
    text: "Feature service timeouts traced to a connection-pool limit; pool raised.",
    ts: new Date(now.getTime() - 2 * 3_600_000 - 10 * 60_000).toISOString(),
  });
  await updateIncident(as("priya@example.com"), incident.id, {
    status: "resolved",
    resolvedAt: new Date(now.getTime() - 2 * 3_600_000).toISOString(),
    impact: "About 5% of card transactions were scored with the fallback rule instead of the model.",
    decisionsAffected: "Fraud holds on card transactions",
    decisionsAffectedCount: 1840,
    rootCause: "The feature service's connection pool was capped at 20 after a config change.",
  });
  await raiseFinding(validator, {
    model: "fraud-card-tx",
    incidentId: incident.id,
    severity: "medium",
    title: "No alert on feature-service saturation",
    description: "The incident was seen through the model's error budget, not the dependency that caused it.",
  });
}
