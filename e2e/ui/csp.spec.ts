// The pages work under their nonce Content-Security-Policy (proxy.ts): signing in, charts (recharts), the lineage graph
// (@xyflow/react, positioned by style attributes) and the API docs run with no violation and no console error; and an
// injected inline handler, the way an XSS would arrive, is refused.
import { expect, type Page, test } from "@playwright/test";
import { datasetId } from "../../lib/lineage/ids";
import { E2E } from "../env";
import { signIn } from "../fixtures";
import { snap } from "./support";

type Violation = { directive: string; blocked: string; sample: string; source: string };

/** Collect `securitypolicyviolation` events from the first script on, and console errors, for this page's life. */
async function watch(page: Page) {
  const consoleErrors: string[] = [];
  page.on("console", (m) => {
    // The browser asks for /favicon.ico by itself; the portal has none, and its 404 says nothing about the policy.
    if (m.type() === "error" && !m.location().url.endsWith("/favicon.ico"))
      consoleErrors.push(`${page.url()}: ${m.text()} (${m.location().url})`);
  });
  page.on("pageerror", (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
  // Playwright's init scripts run before the page's own, outside its policy.
  await page.addInitScript(() => {
    const w = window as unknown as { __violations: Violation[] };
    w.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      w.__violations.push({
        directive: e.violatedDirective,
        blocked: e.blockedURI,
        sample: e.sample,
        source: `${e.sourceFile}:${e.lineNumber}`,
      });
    });
  });
  return {
    consoleErrors,
    violations: () => page.evaluate(() => (window as unknown as { __violations: Violation[] }).__violations),
  };
}

const WAREHOUSE = "postgres://warehouse:5432";

test("sign-in, the dashboards' charts, the lineage graph and the docs run with no CSP violation or console error", async ({ page }) => {
  test.setTimeout(180_000);
  const seen = await watch(page);
  await signIn(page, E2E.users.admin, E2E.password, { fresh: true });
  expect(await seen.violations(), "the login page and signing in").toEqual([]);

  const visits: [string, string, (p: Page) => Promise<void>][] = [
    ["/", "home", async () => {}],
    [
      "/dashboards/executive",
      "executive",
      async (p) => {
        await expect(p.locator("path.recharts-line-curve").first()).toBeVisible({ timeout: 20_000 });
        await expect(p.locator(".recharts-surface").first()).toBeVisible();
      },
    ],
    [
      "/dashboards/on-call",
      "on-call",
      async (p) => {
        await expect(p.locator(".recharts-surface").first()).toBeVisible({ timeout: 20_000 });
      },
    ],
    [
      `/lineage?node=${encodeURIComponent(datasetId({ namespace: WAREHOUSE, name: "raw.card_transactions" }))}`,
      "lineage",
      async (p) => {
        const nodes = p.getByTestId("lineage-graph").getByTestId("lineage-node");
        await expect(nodes).toHaveCount(3, { timeout: 20_000 });
        // React Flow places each node with a style attribute: allowed by style-src-attr, or they would all sit at 0,0.
        const boxes = await nodes.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().left));
        expect(new Set(boxes).size).toBe(3);
      },
    ],
    ["/docs", "docs", async () => {}],
    ["/admin/webhooks", "webhooks", async () => {}],
  ];
  for (const [path, name, check] of visits) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(200);
    expect(res?.headers()["content-security-policy"], path).toContain("'strict-dynamic'");
    await check(page);
    // Hydrated: React took over the document, which it could not with its bundles blocked.
    await page.waitForFunction(() => Object.keys(document).some((k) => k.startsWith("__reactContainer")));
    await page.waitForTimeout(500);
    expect(await seen.violations(), path).toEqual([]);
    await snap(page, { path: `test-results/csp/${name}-1280.png`, fullPage: false });
  }
  expect(seen.consoleErrors).toEqual([]);
});

test("markup injected the way an XSS arrives (an inline handler, a javascript: link) runs nothing and is reported", async ({ page }) => {
  const seen = await watch(page);
  await signIn(page, E2E.users.viewer);
  await page.goto("/models");
  await page.evaluate(() => {
    const box = document.createElement("div");
    box.innerHTML = `<img src="data:," onerror="window.__pwned = 'handler'"><a id="xss" href="javascript:window.__pwned = 'link'">a link</a>`;
    document.body.prepend(box);
  });
  await page.locator("#xss").click();
  await expect.poll(async () => (await seen.violations()).map((v) => v.directive).sort()).toEqual(["script-src-attr", "script-src-elem"]);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
  expect((await seen.violations()).every((v) => v.blocked === "inline")).toBe(true);
});
