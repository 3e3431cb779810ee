// Rows of the route matrix (route-matrix.spec.ts) for the webhook endpoints: webhooks.manage (admins only).
import { expect } from "@playwright/test";
import type { Caller, Fixture as MatrixFixture, Row } from "./matrix-types";
import { unique } from "./support";

/** The part of the matrix's fixture these rows use. */
type Fixture = Pick<MatrixFixture, "admin">;

// Nothing listens on the discard port: deliveries to it fail quietly and are retried in the background.
const NOWHERE = "http://127.0.0.1:9/steward-matrix";

/** A webhook made by the admin for one call, so each caller meets one that exists (and a delete never meets a deleted one). */
async function freshWebhook(f: Fixture, caller: Caller): Promise<string> {
  const res = await f.admin.post("/api/v1/webhooks", { data: { name: unique(`matrix-${caller.label.replace(/\W/g, "")}`), url: NOWHERE } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()).id;
}

export const WEBHOOK_MATRIX: Record<string, Row> = {
  "GET /api/v1/webhooks": { action: "webhooks.manage", call: () => ({ path: "/api/v1/webhooks" }) },
  "POST /api/v1/webhooks": {
    action: "webhooks.manage",
    call: (c) => ({
      path: "/api/v1/webhooks",
      data: { name: unique(`matrix-${c.label.replace(/\W/g, "")}`), url: NOWHERE, events: ["release.*"] },
    }),
  },
  "PATCH /api/v1/webhooks/[id]": {
    action: "webhooks.manage",
    call: async (c, f) => ({ path: `/api/v1/webhooks/${await freshWebhook(f, c)}`, data: { name: `renamed by ${c.label}` } }),
  },
  "DELETE /api/v1/webhooks/[id]": {
    action: "webhooks.manage",
    call: async (c, f) => ({ path: `/api/v1/webhooks/${await freshWebhook(f, c)}` }),
  },
  "GET /api/v1/webhooks/[id]/deliveries": {
    action: "webhooks.manage",
    call: async (c, f) => ({ path: `/api/v1/webhooks/${await freshWebhook(f, c)}/deliveries` }),
  },
  "POST /api/v1/webhooks/[id]/test": {
    action: "webhooks.manage",
    call: async (c, f) => ({ path: `/api/v1/webhooks/${await freshWebhook(f, c)}/test` }),
  },
};
