// The demo's model risk management (issue 21): an owner's risk assessment confirmed by compliance, periodic reviews
// (aml-alert-triage, high tier, reviewed 13 months ago, so its review is overdue; churn-predictor reviewed three months
// ago with findings) and attestations by some owners, others left outstanding. Through the domain's own functions.
import type { Actor } from "../auth/actor";
import { confirmAssessment, submitAssessment } from "../mrm/assessments";
import { submitAttestation } from "../mrm/attestations";
import { completeReview, startReview } from "../mrm/reviews";
import { addMonths } from "../mrm/schedule";

export async function seedDemoMrm(as: (email: string) => Actor, now = new Date()): Promise<void> {
  const priya = as("priya@example.com");
  const chen = as("contributor@example.com");
  const compliance = as("compliance@example.com");
  const a = await submitAssessment(priya, "aml-alert-triage", {
    answers: [
      { question: "annex_iii_area", option: "essential_services" },
      { question: "autonomy", option: "human_in_the_loop" },
      { question: "people_affected", option: "over_100000" },
      { question: "data_sensitivity", option: "personal" },
      { question: "financial_materiality", option: "under_100m" },
    ],
  });
  await confirmAssessment(compliance, "aml-alert-triage", a.id, { tier: a.suggestedTier });

  for (const [model, email, monthsAgo, outcome, comment] of [
    [
      "aml-alert-triage",
      "reviewer@example.com",
      13,
      "satisfactory",
      "Recall at 100 holds on last quarter's confirmed cases; card current.",
    ],
    [
      "churn-predictor",
      "samira@example.com",
      3,
      "satisfactory_with_findings",
      "Calibration drifts for customers under 6 months' tenure; retraining planned.",
    ],
  ] as const) {
    const at = addMonths(now, -monthsAgo);
    const validator = as(email);
    const r = await startReview(validator, model, {}, { now: at });
    const checklist = r.checklist.map((c, i) => ({ item: c.item, done: outcome === "satisfactory" || i !== 1 }));
    await completeReview(validator, r.id, { outcome, comment, checklist }, { now: at });
  }
  for (const model of ["credit-default", "fraud-card-tx", "churn-predictor"])
    await submitAttestation(chen, model, { statementAccepted: true, comment: "Checked the card and the lineage." });
}
