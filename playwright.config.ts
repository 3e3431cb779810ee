import { defineConfig, devices } from "@playwright/test";
import { E2E } from "./e2e/env";

const baseURL = `http://127.0.0.1:${E2E.port}`;

/**
 * The browser specs to run: all of them, or with E2E_BROWSER_SPECS="releases,auth" only those files of e2e/ui.
 * .ci/run runs every spec on PGlite, and on the PostgreSQL server the API project whole and the workflow specs of the
 * browser project (the layout, axe and screenshot specs do not depend on the database).
 */
const only = (process.env.E2E_BROWSER_SPECS ?? "")
  .split(",")
  .map((s) => s.trim())
  .filter(Boolean);
const browserSpecs = only.length
  ? new RegExp(`ui/(${only.map((s) => s.replace(/[^\w-]/g, "")).join("|")})\\.spec\\.ts$`)
  : /ui\/.*\.spec\.ts/;

export default defineConfig({
  testDir: "./e2e",
  // A run beside another (.ci/run runs the two stores side by side) keeps its traces apart: E2E_OUTPUT_DIR.
  outputDir: process.env.E2E_OUTPUT_DIR ?? "test-results",
  // One server on one store: PGlite has a single connection, and tests share the seeded data.
  workers: 1,
  fullyParallel: false,
  // CI runs two stores side by side on two shared cores, so a page can take seconds longer than alone: assertions
  // wait up to 15 s, a test up to 90 s, and a test that fails once is run again and reported as flaky (never hidden:
  // the list reporter names it). Locally, no retry.
  retries: process.env.CI ? 1 : 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  // After every project: no secret at rest or in the server's log (e2e/teardown.ts); a secret found fails the run.
  globalTeardown: "./e2e/teardown.ts",
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "api", testMatch: /api\/.*\.spec\.ts/ },
    { name: "browser", testMatch: browserSpecs, use: { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 900 } } },
  ],
  webServer: {
    command: "tsx --conditions=react-server scripts/e2e-server.ts",
    url: `${baseURL}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
  },
});
