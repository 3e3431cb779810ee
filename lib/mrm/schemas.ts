// One schema per input and view of model risk management, shared by the routes, the forms and the OpenAPI document.
import { z } from "zod";
import { RISK_TIERS } from "../inventory/schemas";
import { Answer, Questions } from "./questionnaire";

const Tier = z.enum(RISK_TIERS, { message: `must be one of: ${RISK_TIERS.join(", ")}` });
const Months = z.number().int().min(1).max(120).nullable();
const Checklist = z.array(z.string().trim().min(1).max(300)).max(40);

/** The periodic review policy's rules (versioned; compliance and admins edit them at /admin/review-policy). */
export const ReviewPolicyRules = z
  .strictObject({
    /** Months between reviews per tier; null: not reviewed on a schedule. */
    intervals: z.strictObject({ low: Months, medium: Months, high: Months, critical: Months }),
    /** What a validator ticks, per tier. */
    checklists: z.strictObject({ low: Checklist, medium: Checklist, high: Checklist, critical: Checklist }),
    /** Months between an owner's attestations of each model. */
    attestationMonths: z.number().int().min(1).max(60),
    /** YYYY-MM-DD: a model never reviewed is first due one interval after the later of this and its first production. */
    effectiveFrom: z.iso.date({ message: "must be a date, YYYY-MM-DD" }).nullable(),
  })
  .meta({ id: "ReviewPolicyRules" });
export type ReviewPolicyRules = z.infer<typeof ReviewPolicyRules>;

export const UpdateReviewPolicy = z.strictObject({ rules: ReviewPolicyRules });

const History = z.array(z.object({ version: z.number().int(), createdBy: z.string(), createdAt: z.string() }));

export const ReviewPolicyView = z
  .object({ version: z.number().int(), rules: ReviewPolicyRules, createdBy: z.string(), createdAt: z.string(), history: History })
  .meta({ id: "ReviewPolicy" });
export type ReviewPolicyView = z.infer<typeof ReviewPolicyView>;

export const UpdateQuestionnaire = z.strictObject({ questions: Questions });
export const QuestionnaireView = z
  .object({ version: z.number().int(), questions: Questions, createdBy: z.string(), createdAt: z.string(), history: History })
  .meta({ id: "RiskQuestionnaire" });
export type QuestionnaireView = z.infer<typeof QuestionnaireView>;

export const SubmitAssessment = z.strictObject({ answers: z.array(Answer).min(1).max(40) });
export const ConfirmAssessment = z.strictObject({ tier: Tier, comment: z.string().trim().max(2000).optional() });

export const Assessment = z
  .object({
    id: z.string(),
    model: z.string(),
    questionnaireVersion: z.number().int(),
    answers: z.array(z.object({ question: z.string(), option: z.string(), text: z.string(), label: z.string(), tier: Tier })),
    suggestedTier: Tier,
    reason: z.string(),
    tierBefore: Tier,
    status: z.enum(["submitted", "confirmed", "overridden"]),
    confirmedTier: Tier.nullable(),
    confirmComment: z.string().nullable(),
    confirmedBy: z.string().nullable(),
    confirmedAt: z.string().nullable(),
    submittedBy: z.string(),
    submittedAt: z.string(),
  })
  .meta({ id: "RiskAssessment" });
export type Assessment = z.infer<typeof Assessment>;
export const AssessmentList = z.object({ items: z.array(Assessment) });

export const OUTCOMES = ["satisfactory", "satisfactory_with_findings", "unsatisfactory"] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const OUTCOME_LABEL: Record<Outcome, string> = {
  satisfactory: "Satisfactory",
  satisfactory_with_findings: "Satisfactory with findings",
  unsatisfactory: "Unsatisfactory",
};

export const StartReview = z.strictObject({ comment: z.string().trim().max(2000).optional() });
export const CompleteReview = z.strictObject({
  outcome: z.enum(OUTCOMES, { message: `must be one of: ${OUTCOMES.join(", ")}` }),
  comment: z.string().trim().min(1, "say what the review found").max(10_000),
  checklist: z.array(z.strictObject({ item: z.string().max(300), done: z.boolean() })).max(40),
});

/**
 * A review performed before or outside Steward, recorded by compliance: when it was completed (a date, YYYY-MM-DD, or a
 * date and time; not in the future, nor more than RECORDED_REVIEW_YEARS years before the model was registered), its outcome,
 * what it found, and a reference to its report.
 */
export const RECORDED_REVIEW_YEARS = 10;
export const RecordReview = z.strictObject({
  completedAt: z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
    message: "must be a date (YYYY-MM-DD) or a date and time (ISO 8601)",
  }),
  outcome: z.enum(OUTCOMES, { message: `must be one of: ${OUTCOMES.join(", ")}` }),
  comment: z.string().trim().min(1, "say what the review found").max(10_000),
  reference: z.string().trim().max(300).optional(),
});

export const Review = z
  .object({
    id: z.string(),
    model: z.string(),
    owner: z.string(),
    tier: Tier,
    policyVersion: z.number().int(),
    version: z.string().nullable(),
    status: z.enum(["open", "completed"]),
    dueAt: z.string().nullable(),
    startedBy: z.string(),
    startedAt: z.string(),
    outcome: z.enum(OUTCOMES).nullable(),
    comment: z.string().nullable(),
    checklist: z.array(z.object({ item: z.string(), done: z.boolean() })),
    completedBy: z.string().nullable(),
    completedAt: z.string().nullable(),
    /** Set for a review performed before or outside Steward: when compliance recorded it (completedBy) and its reference. */
    recordedAt: z.string().nullable(),
    reference: z.string().nullable(),
  })
  .meta({ id: "ModelReview" });
export type Review = z.infer<typeof Review>;
export const ReviewList = z.object({ items: z.array(Review) });

/** A production model's place in the review schedule. */
export const ReviewScheduleItem = z
  .object({
    model: z.string(),
    title: z.string().nullable(),
    owner: z.string(),
    tier: Tier,
    productionVersion: z.string().nullable(),
    nextReviewAt: z.string().nullable(),
    state: z.enum(["overdue", "upcoming", "scheduled", "none"]),
    daysOverdue: z.number().int(),
    lastReview: z.object({ id: z.string(), outcome: z.enum(OUTCOMES), completedAt: z.string() }).nullable(),
    openReview: z.object({ id: z.string(), startedBy: z.string(), startedAt: z.string() }).nullable(),
  })
  .meta({ id: "ReviewScheduleItem" });
export type ReviewScheduleItem = z.infer<typeof ReviewScheduleItem>;

export const ListReviewsQuery = z.object({
  status: z.enum(["overdue", "upcoming", "open"], { message: "must be one of: overdue, upcoming, open" }).optional(),
});
export const ReviewSchedule = z.object({
  items: z.array(ReviewScheduleItem),
  open: z.array(Review),
});

export const ATTESTATION_STATEMENT =
  "I attest that this model's records in Steward (its registration, versions, cards, evaluations, bias audits and lineage) are accurate and complete.";
export const SubmitAttestation = z.strictObject({
  statementAccepted: z.literal(true, { message: "must be true: read the statement and accept it" }),
  comment: z.string().trim().max(2000).optional(),
});
export const Attestation = z
  .object({
    id: z.string(),
    model: z.string(),
    attestedBy: z.string(),
    statement: z.string(),
    comment: z.string().nullable(),
    attestedAt: z.string(),
  })
  .meta({ id: "Attestation" });
export type Attestation = z.infer<typeof Attestation>;

export const AttestationDue = z
  .object({
    model: z.string(),
    owner: z.string(),
    tier: Tier,
    dueAt: z.string(),
    lastAttestedAt: z.string().nullable(),
    state: z.enum(["outstanding", "upcoming", "current"]),
  })
  .meta({ id: "AttestationDue" });
export type AttestationDue = z.infer<typeof AttestationDue>;
export const ListAttestationsQuery = z.object({
  status: z.enum(["outstanding", "all"], { message: "must be one of: outstanding, all" }).optional(),
});
export const AttestationList = z.object({ items: z.array(AttestationDue) });

/** The "Risk and reviews" view of one model. */
export const ModelRisk = z
  .object({
    model: z.string(),
    tier: Tier,
    schedule: ReviewScheduleItem.nullable(),
    latestAssessment: Assessment.nullable(),
    reviews: z.array(Review),
    attestation: AttestationDue.nullable(),
    attestations: z.array(Attestation),
  })
  .meta({ id: "ModelRisk" });
export type ModelRisk = z.infer<typeof ModelRisk>;
