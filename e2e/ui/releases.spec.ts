// The release workflow in the browser: a contributor requests, the page shows a failing check, the evidence is fixed,
// two reviewers approve in their own browsers, the version reaches production and the old one is archived; the
// requester is never offered Approve. Then changes requested → resubmitted → cancelled, a rollback, the policy page.

import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { type APIRequestContext, type Browser, expect, type Page, test } from "@playwright/test";
import { FULL_CARD } from "../../lib/cards/fixtures/cards";
import { E2E } from "../env";
import { adminApi, apiAs, signIn, unique } from "../fixtures";
import { snap } from "./support";

const U = E2E.users;
const fair = { tp: 500, fp: 100, tn: 900, fn: 100 };

async function ok(res: Promise<import("@playwright/test").APIResponse>, status = 200) {
  const r = await res;
  expect(r.status(), await r.text()).toBe(status);
  return r.json();
}

/** Card, evaluation and a passing bias audit: every blocking check passes. */
async function giveEvidence(api: APIRequestContext, model: string, v: string) {
  const base = `/api/v1/models/${model}/versions/${v}`;
  await ok(api.put(`${base}/card`, { data: FULL_CARD }));
  await ok(api.post(`${base}/evaluations`, { data: { dataset: "holdout-2026Q3", metrics: { auc: 0.91 } } }), 201);
  await ok(
    api.post(`${base}/bias-audits`, {
      data: {
        name: "holdout",
        dataset: "holdout",
        sensitiveAttributes: ["sex"],
        referenceGroups: { sex: "male" },
        counts: [
          { attributes: { sex: "male" }, ...fair },
          { attributes: { sex: "female" }, ...fair },
        ],
      },
    }),
    201,
  );
}

/** A high-risk model owned by the contributor with 1.0 in production (through its own approved release) and 2.0 new. */
async function modelWithProduction(prefix: string) {
  const chen = await apiAs(U.contributor);
  const priya = await apiAs(U.contributor2);
  const name = unique(prefix);
  await ok(chen.post("/api/v1/models", { data: { name, owner: U.contributor, riskTier: "high", title: "Release test" } }), 201);
  await ok(
    chen.post(`/api/v1/models/${name}/versions`, {
      data: { version: "1.0", metrics: { auc: 0.88 }, inputs: [{ namespace: "warehouse", name: "tx" }] },
    }),
    201,
  );
  await ok(chen.post(`/api/v1/models/${name}/versions`, { data: { version: "2.0", metrics: { auc: 0.91 } } }), 201);
  await giveEvidence(chen, name, "1.0");
  const r = await ok(
    priya.post("/api/v1/releases", { data: { model: name, version: "1.0", targetStage: "production", summary: "First release" } }),
    201,
  );
  for (const reviewer of [U.reviewer, U.reviewer2]) {
    const api = await apiAs(reviewer);
    await ok(api.post(`/api/v1/releases/${r.id}/decisions`, { data: { decision: "approve", comment: "ok" } }));
    await api.dispose();
  }
  await priya.dispose();
  return { name, chen };
}

/** A signed-in page in its own browser context: another person at another desk. */
async function personAt(browser: Browser, email: string): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  await signIn(page, email);
  return page;
}

const checkRow = (page: Page, name: string) => page.getByTestId("checks").locator(`[data-check="${name}"]`);
const approveButton = (page: Page) => page.getByRole("button", { name: "Approve", exact: true });

test("a contributor requests; a failing check blocks; after the evidence is fixed two reviewers approve; production moves", async ({
  page,
  browser,
}) => {
  const { name, chen } = await modelWithProduction("rel-ui");

  // The contributor (the model's owner) requests from the version page and sees the checks before submitting.
  await signIn(page, U.contributor);
  await page.goto(`/models/${name}/versions/2.0`);
  await page.getByRole("link", { name: "Request release" }).click();
  await page.waitForURL((u) => u.pathname.endsWith("/release"));
  await expect(checkRow(page, "evaluation")).toHaveAttribute("data-status", "fail");
  await expect(checkRow(page, "card_completeness")).toHaveAttribute("data-status", "fail");
  await expect(page.getByText("It would replace 1.0, which would be archived.")).toBeVisible();
  await page.getByLabel("Summary").fill("Retrained on Q3 transactions; AUC 0.88 → 0.91.");
  await page.getByRole("button", { name: "Request release to production" }).click();
  await page.waitForURL(/\/releases\/[0-9a-f-]{36}$/);
  const releaseUrl = new URL(page.url()).pathname;
  await expect(page.locator("h1")).toContainText(`Release ${name} 2.0 to production`);
  await expect(page.locator("h1")).toContainText("pending");
  await expect(checkRow(page, "bias_audit")).toHaveAttribute("data-status", "fail");
  await expect(approveButton(page)).toHaveCount(0);
  // The policy's own refusal (lib/auth/policy.ts): who may decide, and that four eyes apply.
  await expect(page.getByTestId("cannot-decide")).toContainText("Only reviewers and compliance officers decide releases.");

  // A reviewer at their own desk: the queue shows it; Approve is not offered while checks fail, and it says why.
  const rafael = await personAt(browser, U.reviewer);
  await rafael.goto("/releases");
  await rafael
    .getByTestId("releases-table")
    .getByRole("link", { name: new RegExp(`${name} 2.0`) })
    .click();
  await rafael.waitForURL(`**${releaseUrl}`);
  await expect(approveButton(rafael)).toHaveCount(0);
  await expect(rafael.getByTestId("approve-blocked")).toContainText(
    "It cannot be approved while a blocking check fails: Model card complete, Bias audit passed, Evaluated.",
  );

  // The owner fixes the evidence; the page re-evaluates the checks on view.
  await giveEvidence(chen, name, "2.0");
  await rafael.reload();
  for (const c of ["card_completeness", "bias_audit", "evaluation"])
    await expect(checkRow(rafael, c)).toHaveAttribute("data-status", "pass");
  await approveButton(rafael).click();
  await expect(rafael.getByText("Comment is required")).toBeVisible();
  await rafael.getByLabel("Comment").fill("Evidence complete; offline gain holds on every slice.");
  await approveButton(rafael).click();
  await expect(rafael.getByTestId("waiting-for")).toContainText("Waiting for 1 more approval. 1 of 2 approvals so far.");
  await expect(rafael.getByTestId("cannot-decide")).toContainText("You have decided this release already.");

  // The second reviewer approves in their own browser: approved, 2.0 in production, 1.0 archived.
  const samira = await personAt(browser, U.reviewer2);
  await samira.goto("/");
  await samira.getByRole("link", { name: new RegExp(`${name} 2.0 → production`) }).click();
  await samira.waitForURL(`**${releaseUrl}`);
  await samira.getByLabel("Comment").fill("Agreed.");
  await approveButton(samira).click();
  await expect(samira.locator("h1")).toContainText("approved");
  await expect(samira.getByText("2.0 is in production, and 1.0 was archived")).toBeVisible();
  const decisions = samira.getByTestId("decisions").locator("li");
  await expect(decisions).toHaveCount(2);
  await expect(decisions.nth(0)).toContainText("Rafael Souza");
  await expect(decisions.nth(1)).toContainText("Samira Haddad");
  // Both versions carry the same full card: the comparison with production says so.
  await samira.getByText(/Compare the cards section by section/).click();
  await expect(samira.getByTestId("card-compare")).toContainText("(0 of 9 differ)");
  await expect(samira.getByTestId("card-diff")).toContainText("They hold the same card.");

  const viewer = await apiAs(U.viewer);
  const m = await ok(viewer.get(`/api/v1/models/${name}`));
  expect(m.productionVersion).toBe("2.0");
  expect(m.versions.map((v: { version: string; stage: string }) => [v.version, v.stage])).toEqual([
    ["2.0", "production"],
    ["1.0", "archived"],
  ]);
  await viewer.dispose();

  // The requester, on their own release, was never offered Approve.
  await page.reload();
  await expect(page.locator("h1")).toContainText("approved");
  await expect(approveButton(page)).toHaveCount(0);
  await rafael.context().close();
  await samira.context().close();
  await chen.dispose();
});

test("request changes, resubmit, then cancel, in the browser", async ({ page, browser }) => {
  const chen = await apiAs(U.contributor);
  const name = unique("rel-rc");
  await ok(chen.post("/api/v1/models", { data: { name, owner: U.contributor, riskTier: "low" } }), 201);
  await ok(chen.post(`/api/v1/models/${name}/versions`, { data: { version: "1" } }), 201);
  await ok(chen.post(`/api/v1/models/${name}/versions/1/evaluations`, { data: { dataset: "holdout", metrics: { auc: 0.8 } } }), 201);
  const priya = await apiAs(U.contributor2);
  const r = await ok(
    priya.post("/api/v1/releases", { data: { model: name, version: "1", targetStage: "staging", summary: "To staging" } }),
    201,
  );

  const rafael = await personAt(browser, U.reviewer);
  await rafael.goto(`/releases/${r.id}`);
  await rafael.getByLabel("Comment").fill("Add a card first.");
  await rafael.getByRole("button", { name: "Request changes" }).click();
  await expect(rafael.locator("h1")).toContainText("changes requested");

  await signIn(page, U.contributor2);
  await page.goto(`/releases/${r.id}`);
  await expect(page.getByText("A reviewer asked for changes.")).toBeVisible();
  await page.getByLabel("Summary").fill("To staging, with a card");
  await page.getByRole("button", { name: "Resubmit for review" }).click();
  await expect(page.locator("h1")).toContainText("pending");
  await expect(page.getByText("Round").locator("xpath=following-sibling::dd[1]")).toHaveText("2");

  await page.getByRole("button", { name: "Cancel release" }).click();
  await page.getByRole("button", { name: "Yes, cancel it" }).click();
  await expect(page.locator("h1")).toContainText("cancelled");
  const after = await ok(priya.get(`/api/v1/releases/${r.id}`));
  expect(after).toMatchObject({ status: "cancelled", round: 2, summary: "To staging, with a card" });
  expect(after.decisions.map((d: { decision: string; round: number }) => [d.decision, d.round])).toEqual([["request_changes", 1]]);
  await rafael.context().close();
  await Promise.all([chen.dispose(), priya.dispose()]);
});

test("a reviewer rolls back from the model page; another approves; the old version is back in production", async ({ page, browser }) => {
  const { name, chen } = await modelWithProduction("rel-rb");
  await giveEvidence(chen, name, "2.0");
  const priya = await apiAs(U.contributor2);
  const r = await ok(
    priya.post("/api/v1/releases", { data: { model: name, version: "2.0", targetStage: "production", summary: "2.0" } }),
    201,
  );
  for (const reviewer of [U.reviewer, U.reviewer2]) {
    const api = await apiAs(reviewer);
    await ok(api.post(`/api/v1/releases/${r.id}/decisions`, { data: { decision: "approve", comment: "ok" } }));
    await api.dispose();
  }

  await signIn(page, U.reviewer);
  await page.goto(`/models/${name}`);
  await page.getByRole("button", { name: "Roll back to 1.0…" }).click();
  await page.getByLabel("Reason").fill("Fraud losses doubled after 2.0.");
  await page.getByRole("button", { name: "Start rollback to 1.0" }).click();
  await page.waitForURL(/\/releases\/[0-9a-f-]{36}$/);
  await expect(page.locator("h1")).toContainText(`Roll back ${name} 1.0 to production`);
  await expect(page.getByTestId("cannot-decide")).toContainText("You requested this release");

  const samira = await personAt(browser, U.reviewer2);
  await samira.goto(page.url());
  await samira.getByLabel("Comment").fill("Roll it back.");
  await approveButton(samira).click();
  await expect(samira.locator("h1")).toContainText("approved");
  const m = await ok((await apiAs(U.viewer)).get(`/api/v1/models/${name}`));
  expect(m.productionVersion).toBe("1.0");
  await samira.context().close();
  await Promise.all([chen.dispose(), priya.dispose()]);
});

test("an admin edits the release policy; the page shows the new version; others are refused", async ({ page }) => {
  const admin = await adminApi();
  const before = await ok(admin.get("/api/v1/policies/release"));
  await signIn(page, U.admin);
  await page.goto("/admin");
  await page.getByRole("link", { name: "Release policy" }).click();
  await expect(page.locator("h1")).toHaveText("Release policy");
  await page.getByLabel("Approvals needed for medium risk").fill("2");
  // Upstream data quality warns by default; the admin makes it block releases to production.
  await expect(page.getByLabel("Upstream data passes its validations, to production")).toHaveValue("warn");
  await page.getByLabel("Upstream data passes its validations, to production").selectOption("block");
  await page.getByRole("button", { name: "Save as a new policy version" }).click();
  await expect(page.getByText(`Saved as policy version ${before.version + 1}.`)).toBeVisible();
  const after = await ok(admin.get("/api/v1/policies/release"));
  expect(after.rules.requiredApprovals).toEqual({ ...before.rules.requiredApprovals, medium: 2 });
  expect(after.rules.checks.data_quality).toEqual({ mode: { staging: "warn", production: "block" } });
  await ok(admin.put("/api/v1/policies/release", { data: { rules: before.rules } }));
  await admin.dispose();

  await page.context().clearCookies();
  await signIn(page, U.reviewer);
  await page.goto("/admin/policies");
  await expect(page.getByTestId("role-required")).toBeVisible();
});

async function seriousViolations(page: Page) {
  const r = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  return r.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help}\n  ${v.nodes.map((n) => n.target.join(" ")).join("\n  ")}`);
}

test("axe and screenshots: the queue, a release, the request page, the policy page and home, at 1280 and 390 px", async ({
  page,
}, info) => {
  const viewer = await apiAs(U.viewer);
  const pending = (await ok(viewer.get("/api/v1/releases?status=pending&model=credit-default"))).items[0];
  const rolled = (await ok(viewer.get("/api/v1/releases?model=product-recs"))).items.find((r: { kind: string }) => r.kind === "rollback");
  await viewer.dispose();
  const dir = path.join(info.project.outputDir, "screens");
  fs.mkdirSync(dir, { recursive: true });
  const pages: [string, string, string][] = [
    [U.reviewer, "releases", "/releases"],
    [U.reviewer, "release-rollback", `/releases/${rolled.id}`],
    [U.reviewer, "home-reviewer", "/"],
    [U.compliance, "release-pending", `/releases/${pending.id}`],
    [U.contributor, "release-request", "/models/credit-default/versions/1.3.0-rc1/release"],
    [U.admin, "admin-policies", "/admin/policies"],
  ];
  let signedIn = "";
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width > 400 ? 900 : 844 });
    for (const [who, n, p] of pages) {
      if (who !== signedIn) {
        await page.context().clearCookies();
        await signIn(page, who);
        signedIn = who;
      }
      await page.goto(p);
      await expect(page.locator("h1")).toHaveCount(1);
      expect(await seriousViolations(page), `${p} at ${width}`).toEqual([]);
      if (width < 400) expect(await page.evaluate(() => document.documentElement.scrollWidth), `${p} at ${width}`).toBeLessThanOrEqual(390);
      await snap(page, { path: path.join(dir, `${n}-${width}.png`), fullPage: true });
    }
  }
});
