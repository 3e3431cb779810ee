// Rows of the route-by-role matrix (route-matrix.spec.ts) for controls and frameworks (issue 21 item 5): everyone
// signed in reads frameworks and coverage; admins (admin scope) add, edit and delete controls of their own.
import { expect } from "@playwright/test";
import type { Row } from "./matrix-types";
import { unique } from "./support";

const enc = encodeURIComponent;

export const MRM_CONTROLS_MATRIX: Record<string, Row> = {
  "GET /api/v1/frameworks": { action: "inventory.read", call: () => ({ path: "/api/v1/frameworks" }) },
  "GET /api/v1/frameworks/[id]": { action: "inventory.read", call: () => ({ path: "/api/v1/frameworks/eu-ai-act" }) },
  "GET /api/v1/frameworks/[id]/coverage": { action: "inventory.read", call: () => ({ path: "/api/v1/frameworks/sr-11-7/coverage" }) },
  "GET /api/v1/models/[name]/framework-coverage": {
    action: "inventory.read",
    call: (_, f) => ({ path: `/api/v1/models/${f.model}/framework-coverage?framework=nist-ai-rmf&format=csv` }),
  },
  "POST /api/v1/controls": {
    action: "controls.manage",
    call: (c) => ({
      path: "/api/v1/controls",
      data: {
        framework: "matrix-rules",
        frameworkTitle: "Matrix rules",
        identifier: unique("M"),
        title: `by ${c.label}`,
        evidence: ["card"],
      },
    }),
  },
  "PATCH /api/v1/controls/[id]": {
    action: "controls.manage",
    // A control of its own for each caller, added by the admin first.
    call: async (c, f) => {
      const identifier = unique("E");
      const res = await f.admin.post("/api/v1/controls", {
        data: { framework: "matrix-rules", identifier, title: "To edit", evidence: ["slo"] },
      });
      expect(res.status(), await res.text()).toBe(201);
      return { path: `/api/v1/controls/${enc(`matrix-rules:${identifier}`)}`, data: { title: `edited by ${c.label}` } };
    },
  },
  "DELETE /api/v1/controls/[id]": {
    action: "controls.manage",
    call: async (_, f) => {
      const identifier = unique("D");
      const res = await f.admin.post("/api/v1/controls", {
        data: { framework: "matrix-rules", identifier, title: "To delete", evidence: ["slo"] },
      });
      expect(res.status(), await res.text()).toBe(201);
      return { path: `/api/v1/controls/${enc(`matrix-rules:${identifier}`)}` };
    },
  },
};
