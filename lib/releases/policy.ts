import { z } from "zod";
import { RISK_TIERS } from "../inventory/schemas";

/** How a check counts for a target stage: it blocks approval, it warns, or it is not run. */
export const CheckMode = z.enum(["block", "warn", "off"]);
export type CheckMode = z.infer<typeof CheckMode>;
const ByStage = z.strictObject({ staging: CheckMode, production: CheckMode });
const ByTier = z.strictObject({ low: CheckMode, medium: CheckMode, high: CheckMode, critical: CheckMode });
const Count = z.number().int().min(1).max(10);

export const CHECK_NAMES = [
  "card_completeness",
  "bias_audit",
  "evaluation",
  "lineage_inputs",
  "no_page_alert",
  "data_quality",
  "monitoring_coverage",
  "periodic_review",
  "open_findings",
] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

/** The release policy's rules, as admins edit them at /admin/policies. */
export const PolicyRules = z
  .strictObject({
    requiredApprovals: z.strictObject({ low: Count, medium: Count, high: Count, critical: Count }),
    /** Risk tiers whose releases need, among their approvals, one from a holder of the compliance role. */
    complianceApproval: z.array(z.enum(RISK_TIERS)).max(4),
    checks: z.strictObject({
      card_completeness: z.strictObject({ min: z.number().int().min(0).max(100), mode: ByStage }),
      /** By risk tier, for both targets. */
      bias_audit: z.strictObject({ mode: ByTier }),
      evaluation: z.strictObject({ mode: ByStage }),
      lineage_inputs: z.strictObject({ mode: ByStage }),
      no_page_alert: z.strictObject({ mode: ByStage }),
      /**
       * Great Expectations results upstream of the version (POST /api/v1/data-quality). Optional, so policies saved
       * before it stay valid; absent, it warns (DATA_QUALITY_DEFAULT).
       */
      data_quality: z.strictObject({ mode: ByStage }).optional(),
      /**
       * Failure-mode coverage (lib/coverage/) of a candidate for production: how many of the eight failure modes it may
       * be blind to before the check fails. Production only. Optional, so policies saved before it stay valid; absent,
       * it warns beyond 2 (MONITORING_COVERAGE_DEFAULT).
       */
      monitoring_coverage: z.strictObject({ maxBlindSpots: z.number().int().min(0).max(8), mode: CheckMode }).optional(),
      /**
       * The model's periodic review (lib/mrm/): fails when its latest completed review was unsatisfactory, or when a
       * critical model's review is overdue. Optional, so policies saved before it stay valid; absent, it blocks
       * production and warns for staging (PERIODIC_REVIEW_DEFAULT).
       */
      periodic_review: z.strictObject({ mode: ByStage }).optional(),
      /**
       * Open or in-remediation findings of severity high or critical against the model or the candidate version
       * (lib/findings/). Optional, so policies saved before it stay valid; absent, it blocks (OPEN_FINDINGS_DEFAULT).
       */
      open_findings: z.strictObject({ mode: ByStage }).optional(),
    }),
  })
  .meta({ id: "ReleasePolicyRules" });
export type PolicyRules = z.infer<typeof PolicyRules>;

/** API.md's default policy. */
export const DEFAULT_POLICY: PolicyRules = {
  requiredApprovals: { low: 1, medium: 1, high: 2, critical: 2 },
  complianceApproval: ["critical"],
  checks: {
    card_completeness: { min: 80, mode: { staging: "warn", production: "block" } },
    bias_audit: { mode: { low: "warn", medium: "warn", high: "block", critical: "block" } },
    evaluation: { mode: { staging: "block", production: "block" } },
    lineage_inputs: { mode: { staging: "warn", production: "warn" } },
    no_page_alert: { mode: { staging: "warn", production: "warn" } },
  },
};

/** The data_quality check's mode when the policy names none: a warning for both targets. */
export const DATA_QUALITY_DEFAULT: { mode: { staging: CheckMode; production: CheckMode } } = {
  mode: { staging: "warn", production: "warn" },
};

/** The monitoring_coverage check when the policy names none: warn when a production candidate is blind to more than 2 modes. */
export const MONITORING_COVERAGE_DEFAULT: { maxBlindSpots: number; mode: CheckMode } = { maxBlindSpots: 2, mode: "warn" };

/** The periodic_review check when the policy names none: blocks production releases, warns for staging (a fix may need staging). */
export const PERIODIC_REVIEW_DEFAULT: { mode: { staging: CheckMode; production: CheckMode } } = {
  mode: { staging: "warn", production: "block" },
};

/** The open_findings check when the policy names none: a high or critical finding still open blocks both targets. */
export const OPEN_FINDINGS_DEFAULT: { mode: { staging: CheckMode; production: CheckMode } } = {
  mode: { staging: "block", production: "block" },
};

export const Policy = z
  .object({ version: z.number().int(), rules: PolicyRules, createdBy: z.string(), createdAt: z.string() })
  .meta({ id: "ReleasePolicy" });
export type Policy = z.infer<typeof Policy>;

export const CHECK_TITLES: Record<CheckName, string> = {
  card_completeness: "Model card complete",
  bias_audit: "Bias audit passed",
  evaluation: "Evaluated",
  lineage_inputs: "Training inputs in lineage",
  no_page_alert: "No page alert on the replaced version",
  data_quality: "Upstream data passes its validations",
  monitoring_coverage: "Monitoring coverage",
  periodic_review: "Periodic review",
  open_findings: "No open high or critical findings",
};
