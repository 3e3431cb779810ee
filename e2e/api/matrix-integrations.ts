// Rows of the route-by-role matrix (route-matrix.spec.ts) for the integrations: Prometheus scrapes with a read token;
// OpenTelemetry exporters post spans with a contributor's write token.
import type { Row } from "./matrix-types";

export const INTEGRATIONS_MATRIX: Record<string, Row> = {
  "GET /api/v1/metrics": { action: "inventory.read", call: () => ({ path: "/api/v1/metrics" }) },
  "POST /v1/traces": {
    action: "telemetry.write",
    call: (c, f) => ({
      path: "/v1/traces",
      data: {
        resourceSpans: [
          {
            resource: { attributes: [{ key: "service.name", value: { stringValue: "matrix" } }] },
            scopeSpans: [
              {
                spans: [
                  {
                    traceId: "5b8efff798038103d269b633813fc60c",
                    spanId: "eee19b7ec3c1b174",
                    name: `matrix ${c.label}`,
                    startTimeUnixNano: `${BigInt(Date.now() - 1000) * 1_000_000n}`,
                    endTimeUnixNano: `${BigInt(Date.now() - 1000) * 1_000_000n + 12_500_000n}`,
                    attributes: [
                      { key: "ml.model.name", value: { stringValue: f.model } },
                      { key: "ml.model.version", value: { stringValue: f.version } },
                    ],
                  },
                ],
              },
            ],
          },
        ],
      },
    }),
  },
};
