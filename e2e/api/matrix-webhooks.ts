// Rows of the route-by-role matrix (route-matrix.spec.ts) for the webhook endpoints: admins only, everyone else 403.
import { expect } from "@playwright/test";
import type { Call, Caller, Fixture as MatrixFixture } from "./matrix-types";
import { type Role, unique } from "./support";

/** The part of the matrix's fixture these rows use. */
type Fixture = Pick<MatrixFixture, "admin">;
type WebhookRow = { allowed: Role[]; call: (caller: Caller, f: Fixture) => Promise<Call> | Call };

// Nothing listens on the discard port: deliveries to it fail quietly and are retried in the background.
const NOWHERE = "http://127.0.0.1:9/steward-matrix";

/** A webhook made by the admin for one call, so each caller meets one that exists (and a delete never meets a deleted one). */
async function freshWebhook(f: Fixture, caller: Caller): Promise<string> {
  const res = await f.admin.post("/api/v1/webhooks", { data: { name: unique(`matrix-${caller}`), url: NOWHERE } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()).id;
}

export const WEBHOOK_MATRIX: Record<string, WebhookRow> = {
  "GET /api/v1/webhooks": { allowed: ["admin"], call: () => ({ path: "/api/v1/webhooks" }) },
  "POST /api/v1/webhooks": {
    allowed: ["admin"],
    call: (c) => ({ path: "/api/v1/webhooks", data: { name: unique(`matrix-${c}`), url: NOWHERE, events: ["release.*"] } }),
  },
  "PATCH /api/v1/webhooks/[id]": {
    allowed: ["admin"],
    call: async (c, f) => ({ path: `/api/v1/webhooks/${await freshWebhook(f, c)}`, data: { name: `renamed by ${c}` } }),
  },
  "DELETE /api/v1/webhooks/[id]": {
    allowed: ["admin"],
    call: async (c, f) => ({ path: `/api/v1/webhooks/${await freshWebhook(f, c)}` }),
  },
  "GET /api/v1/webhooks/[id]/deliveries": {
    allowed: ["admin"],
    call: async (c, f) => ({ path: `/api/v1/webhooks/${await freshWebhook(f, c)}/deliveries` }),
  },
  "POST /api/v1/webhooks/[id]/test": {
    allowed: ["admin"],
    call: async (c, f) => ({ path: `/api/v1/webhooks/${await freshWebhook(f, c)}/test` }),
  },
};
