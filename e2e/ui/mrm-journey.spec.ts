// Issue 21's "Done when", end to end in the browser: compliance records a validation done long before Steward and
// sets the review policy; the high-tier model falls overdue and shows so on the executive dashboard; a validator
// reviews it and raises a high finding; the owner's next release is blocked by that finding; the owner remediates,
// compliance closes the finding, and the release goes through with two approvals. Every step is in the audit trail
// and in the release's evidence pack. What a pipeline would push (the model, its versions and their evidence) goes
// through the API; what a person does goes through the pages.

import fs from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { strFromU8, unzipSync } from "fflate";
import { FULL_CARD } from "../../lib/cards/fixtures/cards";
import { auditEntries } from "../api/support";
import { E2E } from "../env";
import { adminApi, apiAs, signIn, unique } from "../fixtures";
import { snap } from "./support";

const U = E2E.users;
const fair = { tp: 500, fp: 100, tn: 900, fn: 100 };
const LONG = { timeout: 30_000 };

async function ok(res: Promise<import("@playwright/test").APIResponse>, status = 200) {
  const r = await res;
  expect(r.status(), await r.text()).toBe(status);
  return r.json();
}

/** Card, evaluation and a passing bias audit, as a training pipeline pushes them: every evidence check passes. */
async function pushEvidence(api: APIRequestContext, model: string, v: string) {
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

async function seriousViolations(page: Page) {
  const r = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  return r.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help}\n  ${v.nodes.map((n) => n.target.join(" ")).join("\n  ")}`);
}

/** axe at 1280 and 390 px, no sideways scrolling at 390, and a screenshot of each. Leaves the page at 1280 px. */
async function check(page: Page, name: string) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    expect(await seriousViolations(page), `${name} at ${width} px`).toEqual([]);
    if (width === 390)
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} at 390 px`).toBeLessThanOrEqual(390);
    await snap(page, { path: `test-results/screens/mrm-journey-${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** Sign in as someone else in the same browser (the session of the one before is dropped). */
async function as(page: Page, email: string) {
  await page.context().clearCookies();
  await signIn(page, email);
}

const checkRow = (page: Page, name: string) => page.getByTestId("checks").locator(`[data-check="${name}"]`);
const approveButton = (page: Page) => page.getByRole("button", { name: "Approve", exact: true });

/** A day `years` years before today (UTC), on the first of this month: YYYY-MM-DD. */
function yearsAgo(years: number) {
  const d = new Date();
  return `${d.getUTCFullYear() - years}-${String(d.getUTCMonth() + 1).padStart(2, "0")}-01`;
}

test("compliance sets the policy; the overdue model is reviewed, its finding blocks the release until closed; all in the trail and the pack", async ({
  page,
}) => {
  test.setTimeout(600_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  const admin = await adminApi();
  const chen = await apiAs(U.contributor);
  const greta = await apiAs(U.compliance);
  const policyBefore = await ok(greta.get("/api/v1/review-policy"));
  const model = unique("mrm-journey");
  try {
    // 1. A high-tier model owned by the contributor reaches production through its own approved release.
    await ok(
      chen.post("/api/v1/models", { data: { name: model, owner: U.contributor, riskTier: "high", title: "Credit limit model" } }),
      201,
    );
    await ok(chen.post(`/api/v1/models/${model}/versions`, { data: { version: "1.0", metrics: { auc: 0.88 } } }), 201);
    await pushEvidence(chen, model, "1.0");
    const first = await ok(
      chen.post("/api/v1/releases", { data: { model, version: "1.0", targetStage: "production", summary: "First release" } }),
      201,
    );
    for (const reviewer of [U.reviewer, U.reviewer2]) {
      const api = await apiAs(reviewer);
      await ok(api.post(`/api/v1/releases/${first.id}/decisions`, { data: { decision: "approve", comment: "First release holds." } }));
      await api.dispose();
    }
    expect((await ok(chen.get(`/api/v1/models/${model}`))).productionVersion).toBe("1.0");

    // 2. Its last validation was done two years ago, before Steward: compliance records it from the model page.
    //    Only compliance and admins may; a date in the future is refused naming completedAt.
    const validatedOn = yearsAgo(2);
    const recordBody = { completedAt: validatedOn, outcome: "satisfactory", comment: "x" };
    expect((await chen.post(`/api/v1/models/${model}/reviews/recorded`, { data: recordBody })).status()).toBe(403);
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const future = await greta.post(`/api/v1/models/${model}/reviews/recorded`, { data: { ...recordBody, completedAt: tomorrow } });
    expect(future.status()).toBe(400);
    expect((await future.json()).error.details.map((d: { path: string }) => d.path)).toEqual(["completedAt"]);

    await as(page, U.compliance);
    await page.goto(`/models/${model}`);
    const risk = page.getByRole("region", { name: "Risk and reviews" });
    await expect(risk).toContainText("No review yet.", LONG);
    await risk.getByText("Record a review performed outside Steward").click();
    const record = page.getByTestId("record-review-form");
    await record.getByLabel("Completed on").fill(validatedOn);
    await record.getByLabel("Outcome").selectOption("satisfactory");
    await record.getByLabel("What it found").fill("Annual validation by the model risk team: conceptual soundness and back-testing hold.");
    await record.getByLabel("Reference").fill("VR-2024-031");
    await check(page, "record-form");
    await record.getByRole("button", { name: "Record the review" }).click();
    const history = page.getByTestId("review-history");
    await expect(history).toContainText(`recorded by ${U.compliance} (performed outside Steward; VR-2024-031)`, LONG);
    await expect(history).toContainText("Satisfactory");
    // The recorded review's own page says where it was performed and who recorded it.
    await history.getByRole("link").first().click();
    await expect(page).toHaveURL(/\/reviews\/[0-9a-f-]{36}$/, LONG);
    await expect(page.getByText(`Performed outside Steward, completed`)).toContainText(`recorded by ${U.compliance}`, LONG);
    await expect(page.getByRole("region", { name: "About" })).toContainText("VR-2024-031");
    await expect(page.getByRole("region", { name: "About" })).toContainText("Version reviewednot recorded");
    await check(page, "recorded-review");
    const recorded = (await ok(greta.get(`/api/v1/models/${model}/reviews`))).items[0];
    expect(recorded).toMatchObject({
      outcome: "satisfactory",
      completedAt: `${validatedOn}T00:00:00.000Z`,
      completedBy: U.compliance,
      reference: "VR-2024-031",
    });

    // 3. Compliance sets the review policy in the browser: high-tier models every 12 months. Validated two years
    //    ago, the model was due a year ago: overdue on its page and on the executive dashboard.
    await page.goto("/admin/review-policy");
    await expect(page.locator("h1")).toHaveText("Review policy", LONG);
    await page.getByRole("spinbutton", { name: "high", exact: true }).fill("12");
    await page.getByRole("button", { name: "Save as a new version" }).click();
    const saved = page.getByRole("status").filter({ hasText: /Saved as version \d+\./ });
    await expect(saved).toBeVisible(LONG);
    const policyVersion = Number((await saved.textContent())?.match(/version (\d+)/)?.[1]);
    const policyNow = await ok(greta.get("/api/v1/review-policy"));
    expect([policyNow.version, policyNow.rules.intervals.high]).toEqual([policyVersion, 12]);
    await check(page, "review-policy");

    const due = `${Number(validatedOn.slice(0, 4)) + 1}${validatedOn.slice(4)}`;
    await page.goto(`/models/${model}`);
    await expect(page.getByTestId("next-review")).toBeVisible(LONG);
    await expect(page.getByRole("region", { name: "Risk and reviews" }).getByTestId("review-state")).toContainText(/overdue \d+ days/);
    await check(page, "model-overdue");

    await page.goto("/dashboards/executive");
    const reviews = page.getByTestId("reviews");
    await expect(reviews.getByTestId("reviews-overdue")).toContainText(`${model}`, LONG);
    await expect(reviews.getByTestId("reviews-overdue").getByRole("listitem").filter({ hasText: model })).toContainText(`due ${due}`);
    // The count of overdue high-tier models on the dashboard is the schedule's own count (read at the same moment:
    // other tests may add overdue models meanwhile, so both are read again until they agree). It includes this one.
    await expect
      .poll(
        async () => {
          await page.reload();
          const shown = Number(await reviews.getByTestId("reviews-tier-high").locator("td").first().textContent());
          const list = await ok(greta.get("/api/v1/reviews?status=overdue"));
          const high = list.items.filter((i: { tier: string }) => i.tier === "high");
          return {
            agree: shown === high.length,
            includesModel: high.some((i: { model: string }) => i.model === model),
            atLeastOne: shown >= 1,
          };
        },
        { timeout: 60_000 },
      )
      .toEqual({ agree: true, includesModel: true, atLeastOne: true });
    await check(page, "executive");

    // 4. A validator independent of the model (not its owner, a maintainer nor an author of its evidence) reviews it:
    //    satisfactory with findings, and raises a high finding.
    await as(page, U.reviewer);
    await page.goto(`/models/${model}`);
    await page.getByRole("region", { name: "Risk and reviews" }).getByRole("button", { name: "Start review" }).click();
    await expect(page).toHaveURL(/\/reviews\/[0-9a-f-]{36}$/, LONG);
    const reviewId = new URL(page.url()).pathname.split("/").pop() as string;
    const form = page.getByRole("form", { name: "Complete the review" });
    const boxes = form.getByRole("checkbox");
    await expect(boxes.first()).toBeVisible(LONG);
    for (let i = 0, n = await boxes.count(); i < n; i++) await boxes.nth(i).check();
    await form.getByLabel("Satisfactory with findings").check();
    await form.getByLabel("Comment").fill("Sound overall; the income feature is filled after the decision (finding raised).");
    await check(page, "review-open");
    await form.getByRole("button", { name: "Record outcome" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Satisfactory with findings", LONG);
    await check(page, "review-done");

    await page.goto(`/models/${model}`);
    const findingsPanel = page.getByRole("region", { name: "Findings" });
    await findingsPanel.getByText("Raise a finding").click();
    const raise = page.getByTestId("raise-finding-form");
    await raise.getByLabel("Severity").selectOption("high");
    await raise.getByLabel("Title").fill("Income feature leaks the decision");
    await raise.getByLabel("What is wrong").fill("Income is filled after the decision, so the model sees the outcome.");
    await raise.getByLabel("Due date").fill("2030-06-30");
    await raise.getByRole("button", { name: "Raise the finding" }).click();
    await expect(page).toHaveURL(/\/findings\/[0-9a-f-]{36}$/, LONG);
    const findingUrl = new URL(page.url()).pathname;
    const findingId = findingUrl.split("/").pop() as string;
    await expect(page.getByTestId("finding-history")).toContainText(`Raised by ${U.reviewer}`);

    // The model is no longer overdue: its next review is a year after today's.
    const schedule = (await ok(greta.get("/api/v1/reviews"))).items.find((i: { model: string }) => i.model === model);
    expect(schedule.state).toBe("scheduled");
    expect(schedule.lastReview).toMatchObject({ id: reviewId, outcome: "satisfactory_with_findings" });

    // 5. The pipeline registers 2.0 with its evidence; the owner requests its release in the browser. The open high
    //    finding fails the open_findings check, which blocks: Approve is not offered, and the API refuses with 422.
    await ok(chen.post(`/api/v1/models/${model}/versions`, { data: { version: "2.0", metrics: { auc: 0.9 } } }), 201);
    await pushEvidence(chen, model, "2.0");
    await as(page, U.contributor);
    await page.goto(`/models/${model}/versions/2.0`);
    await page.getByRole("link", { name: "Request release" }).click();
    await page.waitForURL((u) => u.pathname.endsWith("/release"), LONG);
    await expect(checkRow(page, "open_findings")).toHaveAttribute("data-status", "fail", LONG);
    await page.getByLabel("Summary").fill("Retrained without the income feature's late values; AUC 0.88 → 0.90.");
    await page.getByRole("button", { name: "Request release to production" }).click();
    await page.waitForURL(/\/releases\/[0-9a-f-]{36}$/, LONG);
    const releaseUrl = new URL(page.url()).pathname;
    const releaseId = releaseUrl.split("/").pop() as string;
    await expect(page.locator("h1")).toContainText(`Release ${model} 2.0 to production`, LONG);
    const blocking = checkRow(page, "open_findings");
    await expect(blocking).toHaveAttribute("data-status", "fail");
    await expect(blocking).toContainText("blocks approval");
    await expect(blocking).toContainText("“Income feature leaks the decision” (high, open)");

    await as(page, U.reviewer);
    await page.goto(releaseUrl);
    await expect(page.getByTestId("approve-blocked")).toContainText("No open high or critical findings", LONG);
    await expect(approveButton(page)).toHaveCount(0);
    await check(page, "release-blocked");
    const rafael = await apiAs(U.reviewer);
    const refused = await rafael.post(`/api/v1/releases/${releaseId}/decisions`, { data: { decision: "approve", comment: "ok" } });
    expect(refused.status(), await refused.text()).toBe(422);
    expect((await refused.json()).error.code).toBe("checks_failed");
    await rafael.dispose();

    // 6. The owner records a remediation plan and marks the finding ready for validation; compliance closes it.
    await as(page, U.contributor);
    await page.goto(findingUrl);
    const work = page.getByTestId("finding-update-form");
    await work.getByLabel("Remediation plan").fill("Drop income; retrain on the application-time snapshot (2.0).");
    await work.getByRole("button", { name: "Save and start remediation" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("in remediation", LONG);
    await page.getByTestId("finding-update-form").getByRole("button", { name: "Ready for validation" }).click();
    await expect(page.getByTestId("finding-update-form").getByRole("button", { name: "Ready for validation" })).toHaveCount(0, LONG);
    await check(page, "finding-ready");

    await as(page, U.compliance);
    await page.goto(findingUrl);
    const close = page.getByTestId("finding-close-form");
    await close.getByLabel("How the remediation was validated").fill("2.0 has no income feature; back-test on 2026 applications holds.");
    await close.getByRole("button", { name: "Close the finding" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("closed", LONG);
    await check(page, "finding-closed");

    // 7. Two reviewers approve in the browser (high tier needs two); 2.0 reaches production.
    await as(page, U.reviewer);
    await page.goto(releaseUrl);
    await expect(checkRow(page, "open_findings")).toHaveAttribute("data-status", "pass", LONG);
    await page.getByLabel("Comment").fill("The finding is closed; evidence complete.");
    await approveButton(page).click();
    await expect(page.getByTestId("waiting-for")).toContainText("Waiting for 1 more approval. 1 of 2 approvals so far.", LONG);

    await as(page, U.reviewer2);
    await page.goto(releaseUrl);
    await page.getByLabel("Comment").fill("Agreed.");
    await approveButton(page).click();
    await expect(page.locator("h1")).toContainText("approved", LONG);
    await expect(page.getByText("2.0 is in production, and 1.0 was archived")).toBeVisible();
    await check(page, "release-approved");
    expect((await ok(chen.get(`/api/v1/models/${model}`))).productionVersion).toBe("2.0");

    // 8. Every step is in the audit trail, by the person who did it.
    const one = async (filter: Record<string, string>, actor: string) => {
      const found = await auditEntries(admin, filter);
      expect(
        found.map((e) => e.actor.email),
        JSON.stringify(filter),
      ).toContain(actor);
      return found;
    };
    const policyEntries = await one({ action: "review_policy.updated" }, U.compliance);
    expect(policyEntries.some((e) => (e.after as { version: number }).version === policyVersion)).toBe(true);
    await one({ action: "review.recorded", entityType: "review", entityId: recorded.id }, U.compliance);
    await one({ action: "review.started", entityType: "review", entityId: reviewId }, U.reviewer);
    await one({ action: "review.completed", entityType: "review", entityId: reviewId }, U.reviewer);
    await one({ action: "finding.raised", entityType: "finding", entityId: findingId }, U.reviewer);
    await one({ action: "finding.remediation_started", entityType: "finding", entityId: findingId }, U.contributor);
    await one({ action: "finding.ready_for_validation", entityType: "finding", entityId: findingId }, U.contributor);
    await one({ action: "finding.closed", entityType: "finding", entityId: findingId }, U.compliance);
    await one({ action: "release.requested", entityType: "release", entityId: releaseId }, U.contributor);
    const approvals = await auditEntries(admin, { entityType: "release", entityId: releaseId });
    expect(approvals.map((e) => e.action)).toEqual(expect.arrayContaining(["release.approval_recorded", "release.approved"]));

    // ... and in the release's evidence pack, downloaded from the release page by compliance.
    await as(page, U.compliance);
    await page.goto(releaseUrl);
    const [download] = await Promise.all([
      page.waitForEvent("download", LONG),
      page.getByRole("link", { name: "Download evidence pack (zip)" }).click(),
    ]);
    const zip = unzipSync(new Uint8Array(fs.readFileSync(await download.path())));
    const file = (p: string) => {
      const key = Object.keys(zip).find((k) => k === p || k.endsWith(`/${p}`));
      expect(key, `${p} in the pack`).toBeTruthy();
      return strFromU8(zip[key as string]);
    };
    const packReviews = JSON.parse(file("reviews.json")).reviews as { id: string; outcome: string; recordedAt: string | null }[];
    expect(packReviews.map((r) => [r.id, r.outcome, r.recordedAt !== null])).toEqual([
      [recorded.id, "satisfactory", true],
      [reviewId, "satisfactory_with_findings", false],
    ]);
    const packFindings = JSON.parse(file("findings.json")) as { id: string; severity: string; status: string }[];
    expect(packFindings.map((f) => [f.id, f.severity, f.status])).toEqual([[findingId, "high", "closed"]]);
    const entries = file("audit/entries.ndjson")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { action: string; entity: { id: string } });
    const about = (id: string) => entries.filter((e) => e.entity.id === id).map((e) => e.action);
    expect(about(recorded.id)).toEqual(["review.recorded"]);
    expect(about(reviewId)).toEqual(["review.started", "review.completed"]);
    expect(about(findingId)).toEqual(["finding.raised", "finding.remediation_started", "finding.ready_for_validation", "finding.closed"]);
    expect(about(releaseId)).toEqual(expect.arrayContaining(["release.requested", "release.approval_recorded", "release.approved"]));
  } finally {
    // Other specs read the review policy: put its rules back as they were (a new version with the old rules).
    await ok(greta.put("/api/v1/review-policy", { data: { rules: policyBefore.rules } }));
    await Promise.all([admin.dispose(), chen.dispose(), greta.dispose()]);
  }
});
