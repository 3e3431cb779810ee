import type { RouteConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import type { OpenApiHelpers } from "../api/openapi-helpers";
import {
  Assessment,
  AssessmentList,
  Attestation,
  AttestationList,
  CompleteReview,
  ConfirmAssessment,
  ListAttestationsQuery,
  ListReviewsQuery,
  QuestionnaireView,
  RecordReview,
  Review,
  ReviewList,
  ReviewPolicyView,
  ReviewSchedule,
  StartReview,
  SubmitAssessment,
  SubmitAttestation,
  UpdateQuestionnaire,
  UpdateReviewPolicy,
} from "./schemas";

type Helpers = Pick<OpenApiHelpers, "ok" | "body" | "errors">;
const name = z.object({ name: z.string() });
const WRITE = [400, 401, 403, 404, 409, 413, 415];

/** Model risk management (issue 21: risk assessments, periodic reviews, attestations), for lib/openapi.ts. */
export function mrmRoutes({ ok, body, errors }: Helpers): RouteConfig[] {
  return [
    {
      method: "get",
      path: "/api/v1/risk-questionnaire",
      tags: ["risk"],
      summary: "The risk questionnaire in force (each option points to a tier) and its version history",
      responses: { 200: ok(QuestionnaireView), ...errors(401, 403) },
    },
    {
      method: "put",
      path: "/api/v1/risk-questionnaire",
      tags: ["risk"],
      summary:
        "Save the questions as a new version (admin); assessments keep the version they answered. Audited as risk_questionnaire.updated",
      request: { body: body(UpdateQuestionnaire) },
      responses: { 200: ok(QuestionnaireView), ...errors(400, 401, 403, 413, 415) },
    },
    {
      method: "get",
      path: "/api/v1/models/{name}/assessments",
      tags: ["risk"],
      summary: "A model's risk assessments, newest first",
      request: { params: name },
      responses: { 200: ok(AssessmentList), ...errors(401, 403, 404) },
    },
    {
      method: "post",
      path: "/api/v1/models/{name}/assessments",
      tags: ["risk"],
      summary:
        "Answer the questionnaire (the model's owner or a maintainer, or an admin): every question once (400 naming answers[i].option or answers). 201 with the suggested tier (the highest any answer points to) and the reason. Audited as assessment.submitted",
      request: { params: name, body: body(SubmitAssessment) },
      responses: { 201: ok(Assessment, "submitted"), ...errors(...WRITE) },
    },
    {
      method: "post",
      path: "/api/v1/models/{name}/assessments/{id}/confirm",
      tags: ["risk"],
      summary:
        "Confirm the suggested tier, or override it with a comment (compliance, admin); the model's risk tier becomes it (audited as model.updated beside assessment.confirmed or assessment.overridden). 409 once decided",
      request: { params: z.object({ name: z.string(), id: z.string() }), body: body(ConfirmAssessment) },
      responses: { 200: ok(Assessment), ...errors(...WRITE) },
    },
    {
      method: "get",
      path: "/api/v1/review-policy",
      tags: ["reviews"],
      summary:
        "The periodic review policy in force (months between reviews and the checklist per tier, attestation period) and its history",
      responses: { 200: ok(ReviewPolicyView), ...errors(401, 403) },
    },
    {
      method: "put",
      path: "/api/v1/review-policy",
      tags: ["reviews"],
      summary: "Save the rules as a new version (compliance, admin); open reviews keep their checklist. Audited as review_policy.updated",
      request: { body: body(UpdateReviewPolicy) },
      responses: { 200: ok(ReviewPolicyView), ...errors(400, 401, 403, 413, 415) },
    },
    {
      method: "get",
      path: "/api/v1/reviews",
      tags: ["reviews"],
      summary:
        "Production models by next-review date (due on that UTC day, overdue from the next, upcoming within 30 days) and the open reviews; status=overdue|upcoming keeps those models, status=open only the open reviews",
      request: { query: ListReviewsQuery },
      responses: { 200: ok(ReviewSchedule), ...errors(400, 401, 403) },
    },
    {
      method: "get",
      path: "/api/v1/models/{name}/reviews",
      tags: ["reviews"],
      summary: "A model's periodic reviews, newest first",
      request: { params: name },
      responses: { 200: ok(ReviewList), ...errors(401, 403, 404) },
    },
    {
      method: "post",
      path: "/api/v1/models/{name}/reviews",
      tags: ["reviews"],
      summary:
        "Open a periodic review (a reviewer or compliance officer independent of the model: not its owner, a maintainer, nor an author of its production version's evidence; 403 separation_of_duties names which). The checklist is the tier's; one open review per model (409). Audited as review.started",
      request: { params: name, body: body(StartReview) },
      responses: { 201: ok(Review, "started"), ...errors(...WRITE) },
    },
    {
      method: "get",
      path: "/api/v1/reviews/{id}",
      tags: ["reviews"],
      summary: "One review",
      request: { params: z.object({ id: z.string() }) },
      responses: { 200: ok(Review), ...errors(401, 403, 404) },
    },
    {
      method: "post",
      path: "/api/v1/reviews/{id}/complete",
      tags: ["reviews"],
      summary:
        "Record the outcome (a validator, as for starting): the checklist's items in order, each done or not (400 naming checklist[i]); satisfactory needs every item done. Completed once (409). An unsatisfactory outcome fails the periodic_review release check. Audited as review.completed",
      request: { params: z.object({ id: z.string() }), body: body(CompleteReview) },
      responses: { 200: ok(Review), ...errors(...WRITE) },
    },
    {
      method: "post",
      path: "/api/v1/models/{name}/reviews/recorded",
      tags: ["reviews"],
      summary:
        "Record a review performed before or outside Steward (compliance, admin): completedAt (YYYY-MM-DD or ISO 8601; not in the future, nor more than 10 years before the model's registration: 400 naming completedAt), outcome, comment, reference. 201 with the review, completed, no checklist, recordedAt set; a satisfactory outcome (with or without findings) sets the next review one interval after completedAt. Audited as review.recorded",
      request: { params: name, body: body(RecordReview) },
      responses: { 201: ok(Review, "recorded"), ...errors(400, 401, 403, 404, 413, 415) },
    },
    {
      method: "get",
      path: "/api/v1/attestations",
      tags: ["reviews"],
      summary:
        "Production models' attestations (compliance, admin): outstanding by default (due one period after the last, or from first production with none), status=all for every one",
      request: { query: ListAttestationsQuery },
      responses: { 200: ok(AttestationList), ...errors(400, 401, 403) },
    },
    {
      method: "post",
      path: "/api/v1/models/{name}/attestations",
      tags: ["reviews"],
      summary:
        "Attest that the model's records are accurate and complete (its owner, or an admin); statementAccepted must be true. Audited as attestation.submitted",
      request: { params: name, body: body(SubmitAttestation) },
      responses: { 201: ok(Attestation, "attested"), ...errors(...WRITE) },
    },
  ];
}
