// The release routes' rows of the route matrix (e2e/api/route-matrix.spec.ts spreads them into MATRIX): the policy
// action each performs, and a valid call for each caller with the release (or model) it touches, as the policy is
// told it. A call sets up what it needs, so an allowed caller meets a release in the state its action needs (the
// matrix counts only a 2xx as "got through"). The fixture model is owned by contributor@ and maintained by priya@.
import { type APIRequestContext, expect } from "@playwright/test";
import type { Subject } from "../../lib/auth/policy";
import { FULL_CARD } from "../../lib/cards/fixtures/cards";
import { E2E } from "../env";
import { apiAs, unique } from "../fixtures";
import type { Fixture, Row } from "./matrix-types";

/** A second reviewer (samira@), never one of the matrix's callers' clients, to return releases for changes and approve. */
let reviewerClient: Promise<APIRequestContext> | undefined;
const reviewer2 = () => (reviewerClient ??= apiAs(E2E.users.reviewer2));

async function ok(res: { status(): number; text(): Promise<string> }, status: number) {
  expect(res.status(), await res.text()).toBe(status);
}

/** A fresh development version of the fixture model, so every release asked for here is the only one open for it. */
async function freshVersion(f: Fixture, prefix = "rel"): Promise<string> {
  const version = unique(prefix).replace(/^[a-z]+-/, "7.");
  await ok(await f.contributor.post(`/api/v1/models/${f.model}/versions`, { data: { version } }), 201);
  return version;
}

/** A pending release of a fresh version to staging, requested by contributor@ (the fixture model's owner). */
async function pendingRelease(f: Fixture): Promise<string> {
  const version = await freshVersion(f);
  const res = await f.contributor.post("/api/v1/releases", {
    data: { model: f.model, version, targetStage: "staging", summary: "matrix" },
  });
  await ok(res, 201);
  return (await res.json()).id;
}

/** Such a release as the policy is told it: contributor@ requested it and registered its version; priya@ maintains the model. */
const releaseOf = (f: Fixture): Subject => ({
  kind: "release",
  releaseKind: "release",
  requestedBy: E2E.users.contributor,
  stewardsAtRequest: f.stewards,
  stewardsNow: f.stewards,
  evidenceAuthors: [{ email: E2E.users.contributor, what: "the version's registration" }],
});

/** One release to read, per fixture. */
const readable = new WeakMap<Fixture, Promise<string>>();

/** The rollback model's stewards: contributor@ owns it, priya@ maintains it (and so may not roll it back). */
const ROLLBACK_STEWARDS = { owner: E2E.users.contributor, maintainers: [E2E.users.contributor2] };

/**
 * Per fixture, a model owned by contributor@ (maintained by priya@) whose 1.0 went to production and was replaced there by 2.0, so a
 * rollback has something to put back. Made through releases (the only way a version reaches production).
 */
const rollbackModels = new WeakMap<Fixture, Promise<string>>();
async function makeRollbackModel(f: Fixture): Promise<string> {
  const model = unique("matrix-rollback");
  await ok(await f.contributor.post("/api/v1/models", { data: { name: model, ...ROLLBACK_STEWARDS, riskTier: "low" } }), 201);
  const rv = await reviewer2();
  for (const version of ["1.0", "2.0"]) {
    const base = `/api/v1/models/${model}/versions`;
    await ok(await f.contributor.post(base, { data: { version } }), 201);
    await ok(await f.contributor.put(`${base}/${version}/card`, { data: FULL_CARD }), 200);
    await ok(await f.contributor.post(`${base}/${version}/evaluations`, { data: { dataset: "matrix", metrics: { auc: 0.8 } } }), 201);
    const res = await f.contributor.post("/api/v1/releases", { data: { model, version, targetStage: "production", summary: "matrix" } });
    await ok(res, 201);
    const approved = await rv.post(`/api/v1/releases/${(await res.json()).id}/decisions`, {
      data: { decision: "approve", comment: "matrix" },
    });
    await ok(approved, 200);
    expect((await approved.json()).status).toBe("approved");
  }
  return model;
}

/** The rollback model, with any rollback still open from the previous caller cancelled (by the admin). */
async function rollbackReady(f: Fixture): Promise<string> {
  if (!rollbackModels.has(f)) rollbackModels.set(f, makeRollbackModel(f));
  const model = await (rollbackModels.get(f) as Promise<string>);
  const open = await f.admin.get(`/api/v1/releases?model=${model}&status=pending`);
  await ok(open, 200);
  for (const r of (await open.json()).items as { id: string }[])
    await ok(await f.admin.post(`/api/v1/releases/${r.id}/cancel`, { data: {} }), 200);
  return model;
}

export const RELEASE_MATRIX: Record<string, Row> = {
  "POST /api/v1/releases": {
    action: "release.request",
    call: async (_, f) => ({
      path: "/api/v1/releases",
      data: { model: f.model, version: await freshVersion(f), targetStage: "staging", summary: "matrix" },
    }),
  },
  "GET /api/v1/releases": { action: "inventory.read", call: (_, f) => ({ path: `/api/v1/releases?model=${f.model}&limit=5` }) },
  "GET /api/v1/releases/[id]": {
    action: "inventory.read",
    call: async (_, f) => {
      if (!readable.has(f)) readable.set(f, pendingRelease(f));
      return { path: `/api/v1/releases/${await readable.get(f)}` };
    },
  },
  "POST /api/v1/releases/[id]/decisions": {
    // Each caller meets its own fresh release, requested by contributor@ (who owns the model), so only the policy's
    // four eyes decide who may: the owner and the maintainer may not. A reject needs no evidence.
    action: "release.decide",
    call: async (c, f) => ({
      path: `/api/v1/releases/${await pendingRelease(f)}/decisions`,
      data: { decision: "reject", comment: `matrix: ${c.label}` },
      subject: releaseOf(f),
    }),
  },
  "POST /api/v1/releases/[id]/cancel": {
    // The requester (contributor@) or an admin: each caller meets a fresh release.
    action: "release.cancel",
    call: async (c, f) => ({
      path: `/api/v1/releases/${await pendingRelease(f)}/cancel`,
      data: { reason: `matrix: ${c.label}` },
      subject: releaseOf(f),
    }),
  },
  "POST /api/v1/releases/[id]/resubmit": {
    // Only the requester (contributor@ here), once a reviewer has asked for changes.
    action: "release.resubmit",
    call: async (c, f) => {
      const id = await pendingRelease(f);
      await ok(
        await (await reviewer2()).post(`/api/v1/releases/${id}/decisions`, { data: { decision: "request_changes", comment: "matrix" } }),
        200,
      );
      return { path: `/api/v1/releases/${id}/resubmit`, data: { comment: `matrix: ${c.label}` }, subject: releaseOf(f) };
    },
  },
  "POST /api/v1/models/[name]/rollback": {
    // Reviewers, compliance and admins; and the model's owner (contributor@), not its maintainer.
    action: "release.rollback",
    call: async (c, f) => ({
      path: `/api/v1/models/${await rollbackReady(f)}/rollback`,
      data: { reason: `matrix: ${c.label}` },
      subject: { kind: "model", ...ROLLBACK_STEWARDS },
    }),
  },
  "GET /api/v1/models/[name]/versions/[version]/release-checks": {
    action: "inventory.read",
    call: (_, f) => ({ path: `/api/v1/models/${f.model}/versions/${f.version}/release-checks?targetStage=production` }),
  },
  "GET /api/v1/policies/release": { action: "inventory.read", call: () => ({ path: "/api/v1/policies/release" }) },
  "PUT /api/v1/policies/release": {
    // The rules in force, sent back unchanged, so the policy stays as it was.
    action: "policies.manage",
    call: async (_, f) => {
      const res = await f.admin.get("/api/v1/policies/release");
      await ok(res, 200);
      return { path: "/api/v1/policies/release", data: { rules: (await res.json()).rules } };
    },
  },
};
