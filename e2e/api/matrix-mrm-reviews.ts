// Rows of the route matrix (route-matrix.spec.ts) for model risk management (issue 21 items 1, 2, 6): risk
// assessments, the review policy, periodic reviews and attestations. Reviews are started and completed by validators
// independent of the model; each call that changes state works on an object of its own, so every allowed caller
// meets it in the state its action needs.
import { type APIRequestContext, expect } from "@playwright/test";
import type { Subject } from "../../lib/auth/policy";
import { E2E } from "../env";
import { apiAs, unique } from "../fixtures";
import { type Fixture, modelOf, type Row } from "./matrix-types";

const ANSWERS = [
  { question: "annex_iii_area", option: "none" },
  { question: "autonomy", option: "advisory" },
  { question: "people_affected", option: "under_1000" },
  { question: "data_sensitivity", option: "internal" },
  { question: "financial_materiality", option: "under_100k" },
];

async function ok<T = Record<string, unknown>>(
  res: { status(): number; text(): Promise<string>; json(): Promise<unknown> },
  status: number,
) {
  expect(res.status(), await res.text()).toBe(status);
  return (await res.json()) as T;
}

/** A second reviewer (samira@), never one of the matrix's callers, to open reviews the callers complete. */
let reviewerClient: Promise<APIRequestContext> | undefined;
const reviewer2 = () => (reviewerClient ??= apiAs(E2E.users.reviewer2));

/** A fresh model owned by contributor@ and maintained by priya@ (no version: no evidence authors), as the policy sees it. */
async function freshModel(f: Fixture): Promise<{ name: string; subject: Subject }> {
  const name = unique("matrix-mrm");
  await ok(
    await f.contributor.post("/api/v1/models", {
      data: { name, owner: E2E.users.contributor, riskTier: "low", maintainers: [E2E.users.contributor2] },
    }),
    201,
  );
  return { name, subject: { kind: "model_review", ...f.stewards, evidenceAuthors: [] } };
}

/** One review to read, per fixture. */
const readable = new WeakMap<Fixture, Promise<string>>();
async function openReview(f: Fixture, model: string): Promise<{ id: string; checklist: { item: string }[] }> {
  return ok(await (await reviewer2()).post(`/api/v1/models/${model}/reviews`, { data: {} }), 201);
}

export const MRM_REVIEWS_MATRIX: Record<string, Row> = {
  "GET /api/v1/risk-questionnaire": { action: "inventory.read", call: () => ({ path: "/api/v1/risk-questionnaire" }) },
  "PUT /api/v1/risk-questionnaire": {
    action: "questionnaire.manage",
    call: async (_, f) => {
      const q = await ok<{ questions: unknown }>(await f.admin.get("/api/v1/risk-questionnaire"), 200);
      return { path: "/api/v1/risk-questionnaire", data: { questions: q.questions } };
    },
  },
  "GET /api/v1/models/[name]/assessments": {
    action: "inventory.read",
    call: (_, f) => ({ path: `/api/v1/models/${f.model}/assessments` }),
  },
  "POST /api/v1/models/[name]/assessments": {
    action: "assessment.submit",
    call: (_, f) => ({ path: `/api/v1/models/${f.model}/assessments`, data: { answers: ANSWERS }, subject: modelOf(f) }),
  },
  "POST /api/v1/models/[name]/assessments/[id]/confirm": {
    action: "assessment.confirm",
    // A submitted assessment of its own (every answer low: confirming "low" leaves the fixture's tier as it is).
    call: async (_, f) => {
      const a = await ok<{ id: string }>(
        await f.contributor.post(`/api/v1/models/${f.model}/assessments`, { data: { answers: ANSWERS } }),
        201,
      );
      return { path: `/api/v1/models/${f.model}/assessments/${a.id}/confirm`, data: { tier: "low" } };
    },
  },
  "GET /api/v1/review-policy": { action: "inventory.read", call: () => ({ path: "/api/v1/review-policy" }) },
  "PUT /api/v1/review-policy": {
    action: "reviewPolicy.manage",
    call: async (_, f) => {
      const p = await ok<{ rules: unknown }>(await f.admin.get("/api/v1/review-policy"), 200);
      return { path: "/api/v1/review-policy", data: { rules: p.rules } };
    },
  },
  "GET /api/v1/reviews": { action: "inventory.read", call: () => ({ path: "/api/v1/reviews?status=overdue" }) },
  "GET /api/v1/models/[name]/reviews": { action: "inventory.read", call: (_, f) => ({ path: `/api/v1/models/${f.model}/reviews` }) },
  "POST /api/v1/models/[name]/reviews": {
    action: "review.start",
    call: async (_, f) => {
      const m = await freshModel(f);
      return { path: `/api/v1/models/${m.name}/reviews`, data: {}, subject: m.subject };
    },
  },
  "GET /api/v1/reviews/[id]": {
    action: "inventory.read",
    call: async (_, f) => {
      if (!readable.has(f))
        readable.set(
          f,
          freshModel(f).then(async (m) => (await openReview(f, m.name)).id),
        );
      return { path: `/api/v1/reviews/${await readable.get(f)}` };
    },
  },
  "POST /api/v1/reviews/[id]/complete": {
    action: "review.complete",
    call: async (_, f) => {
      const m = await freshModel(f);
      const r = await openReview(f, m.name);
      return {
        path: `/api/v1/reviews/${r.id}/complete`,
        data: { outcome: "satisfactory", comment: "matrix", checklist: r.checklist.map((c) => ({ item: c.item, done: true })) },
        subject: m.subject,
      };
    },
  },
  "POST /api/v1/models/[name]/reviews/recorded": {
    action: "review.record",
    // A fresh model each time: every allowed caller records one review of its own.
    call: async (_, f) => {
      const m = await freshModel(f);
      const day = new Date(Date.now() - 400 * 86_400_000).toISOString().slice(0, 10);
      return {
        path: `/api/v1/models/${m.name}/reviews/recorded`,
        data: { completedAt: day, outcome: "satisfactory", comment: "matrix", reference: "VR-matrix" },
      };
    },
  },
  "GET /api/v1/attestations": { action: "attestations.read", call: () => ({ path: "/api/v1/attestations?status=all" }) },
  "POST /api/v1/models/[name]/attestations": {
    action: "attestation.submit",
    call: (_, f) => ({ path: `/api/v1/models/${f.model}/attestations`, data: { statementAccepted: true }, subject: modelOf(f) }),
  },
};
