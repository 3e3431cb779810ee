// Rows of the route-by-role matrix (route-matrix.spec.ts) for model-risk findings and incidents (issue 21). Findings are
// raised by samira@ (a second reviewer, never one of the matrix's callers) against the fixture model, owned by
// contributor@ and maintained by priya@, so the finding's owner is contributor@; each call works on a fresh finding or
// incident, so an allowed caller always meets one in a state its action accepts.
import { type APIRequestContext, expect } from "@playwright/test";
import type { Subject } from "../../lib/auth/policy";
import { E2E } from "../env";
import { apiAs } from "../fixtures";
import type { Fixture, Row } from "./matrix-types";

let raiserClient: Promise<APIRequestContext> | undefined;
const raiser = () => (raiserClient ??= apiAs(E2E.users.reviewer2));

async function freshFinding(f: Fixture, label: string): Promise<string> {
  const res = await (await raiser()).post("/api/v1/findings", {
    data: { model: f.model, severity: "low", title: `matrix finding for ${label}`, description: "matrix" },
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()).id;
}

async function freshIncident(f: Fixture, label: string): Promise<string> {
  const res = await (await raiser()).post("/api/v1/incidents", {
    data: { model: f.model, title: `matrix incident for ${label}`, startedAt: new Date().toISOString() },
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()).id;
}

/** A finding of the fixture model as the policy is told it: contributor@ owns it and the model; priya@ maintains the model. */
const findingOf = (f: Fixture): Subject => ({ kind: "finding", findingOwner: f.stewards.owner, ...f.stewards });
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

export const MRM_FINDINGS_MATRIX: Record<string, Row> = {
  "GET /api/v1/findings": { action: "inventory.read", call: (_, f) => ({ path: `/api/v1/findings?model=${f.model}&status=active` }) },
  "POST /api/v1/findings": {
    action: "finding.raise",
    call: (c, f) => ({
      path: "/api/v1/findings",
      data: { model: f.model, severity: "low", title: `raised by ${c.label}`, description: "matrix" },
    }),
  },
  "GET /api/v1/findings/[id]": {
    action: "inventory.read",
    call: async (c, f) => ({ path: `/api/v1/findings/${await freshFinding(f, c.label)}` }),
  },
  "PATCH /api/v1/findings/[id]": {
    action: "finding.update",
    call: async (c, f) => ({
      path: `/api/v1/findings/${await freshFinding(f, c.label)}`,
      data: { remediationPlan: `plan by ${c.label}` },
      subject: findingOf(f),
    }),
  },
  "POST /api/v1/findings/[id]/close": {
    action: "finding.close",
    call: async (c, f) => ({
      path: `/api/v1/findings/${await freshFinding(f, c.label)}/close`,
      data: { validationComment: `validated by ${c.label}` },
      subject: findingOf(f),
    }),
  },
  "POST /api/v1/findings/[id]/accept-risk": {
    action: "finding.acceptRisk",
    call: async (c, f) => ({
      path: `/api/v1/findings/${await freshFinding(f, c.label)}/accept-risk`,
      data: { until: inDays(30), justification: `accepted by ${c.label}` },
      subject: findingOf(f),
    }),
  },
  "GET /api/v1/incidents": { action: "inventory.read", call: (_, f) => ({ path: `/api/v1/incidents?model=${f.model}` }) },
  "POST /api/v1/incidents": {
    action: "incident.create",
    call: (c, f) => ({
      path: "/api/v1/incidents",
      data: { model: f.model, title: `recorded by ${c.label}`, startedAt: new Date().toISOString() },
    }),
  },
  "GET /api/v1/incidents/[id]": {
    action: "inventory.read",
    call: async (c, f) => ({ path: `/api/v1/incidents/${await freshIncident(f, c.label)}` }),
  },
  "PATCH /api/v1/incidents/[id]": {
    action: "incident.update",
    call: async (c, f) => ({ path: `/api/v1/incidents/${await freshIncident(f, c.label)}`, data: { impact: `impact by ${c.label}` } }),
  },
  "POST /api/v1/incidents/[id]/timeline": {
    action: "incident.update",
    call: async (c, f) => ({ path: `/api/v1/incidents/${await freshIncident(f, c.label)}/timeline`, data: { text: `note by ${c.label}` } }),
  },
  "GET /api/v1/incidents/[id]/report": {
    action: "incident.report",
    call: async (c, f) => ({ path: `/api/v1/incidents/${await freshIncident(f, c.label)}/report` }),
  },
};
