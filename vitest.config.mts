import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(__dirname),
      "server-only": path.resolve(__dirname, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    include: ["lib/**/*.test.ts", "db/**/*.test.ts", "tests/**/*.test.ts"],
    // PGlite: one migrated store made once, that each file's fresh store starts from (tests/pglite-template.ts).
    globalSetup: ["tests/pglite-template.ts"],
    environment: "node",
    // The tests write telemetry, predictions and security events at fixed dates (November 2026 and earlier); as the
    // clock moves on, the default retentions would refuse them at write time (lib/ops/retention.ts). Retention tests
    // set their own.
    env: {
      STEWARD_RETAIN_MINUTE_DAYS: "36500",
      STEWARD_RETAIN_SAMPLE_DAYS: "36500",
      STEWARD_RETAIN_HOUR_DAYS: "36500",
      STEWARD_RETAIN_PREDICTION_DAYS: "36500",
      STEWARD_RETAIN_SECURITY_DAYS: "36500",
    },
    // Each file opens its own store (PGlite is 0.5–1 GB in memory; a new database on a server): two files at a time.
    fileParallelism: true,
    maxWorkers: 2,
    // Generous: CI runs two stores side by side on two shared cores, and the demo-seeding tests seed a whole portfolio.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
