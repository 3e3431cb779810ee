// Issue 23's "done when": a pipeline scripted with the `steward` command line alone registers a high-risk model and its
// version, pushes the card, a bias audit of its predictions, an evaluation and the training run's lineage, requests a
// release to production and waits on it as a CI gate, while two reviewers approve in their browsers; the wait exits 0.
import fs from "node:fs";
import path from "node:path";
import { type Browser, expect, test } from "@playwright/test";
import { FULL_CARD } from "../../lib/cards/fixtures/cards";
import { expectExit, steward } from "../cli";
import { E2E } from "../env";
import { signIn, tokenFor, unique } from "../fixtures";

const U = E2E.users;

async function reviewerApproves(browser: Browser, email: string, releaseId: string, comment: string) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  await signIn(page, email);
  await page.goto(`/releases/${releaseId}`);
  for (const c of ["card_completeness", "bias_audit", "evaluation", "lineage_inputs"])
    await expect(page.getByTestId("checks").locator(`[data-check="${c}"]`)).toHaveAttribute("data-status", "pass");
  await page.getByLabel("Comment").fill(comment);
  await page.getByRole("button", { name: "Approve", exact: true }).click();
  return { page, ctx };
}

test("a CI pipeline on the CLI alone: evidence pushed, release requested, the wait exits 0 once two reviewers approve in the browser", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const token = await tokenFor(U.contributor, ["read", "write"]);
  const dir = path.join(test.info().project.outputDir, "cli-pipeline");
  fs.mkdirSync(dir, { recursive: true });
  const model = unique("pipeline");
  const version = "3.0.0";
  const runId = "0190f0e1-d2c3-7b4a-8596-a7b8c9d0e1f2";
  // As a CI job would: the same run id on every step, so a retried step stores nothing twice.
  const ci = { GITHUB_RUN_ID: `${Date.now()}`, GITHUB_REPOSITORY: "acme/credit" };
  const run = async (...args: string[]) => expectExit(await steward(args, token, ci), 0);
  const write = (name: string, text: string) => {
    const p = path.join(dir, `${model}-${name}`);
    fs.writeFileSync(p, text);
    return p;
  };

  await run("model", "register", model, "--owner", U.contributor, "--risk-tier", "high", "--title", "Credit default (CLI pipeline)");
  await run("version", "register", model, version, "--metric", "auc=0.91", "--param", "max_depth=6", "--training-run-id", runId);
  await run("card", "push", model, version, write("card.json", JSON.stringify(FULL_CARD)));
  await run("evaluation", "add", model, version, "--dataset", "holdout-2026Q4", "--metric", "auc=0.91");
  // Both groups: 50 true positives, 10 false positives, 120 true negatives, 20 false negatives; equal rates, so it passes.
  const rows = ["label,prediction,sex"];
  for (const sex of ["female", "male"])
    for (const [label, prediction, n] of [
      [1, 1, 50],
      [0, 1, 10],
      [0, 0, 120],
      [1, 0, 20],
    ])
      for (let i = 0; i < n; i++) rows.push(`${label},${prediction},${sex}`);
  const audit = await run(
    "audit",
    "push",
    model,
    version,
    write("predictions.csv", `${rows.join("\n")}\n`),
    "--attribute",
    "sex",
    "--name",
    "holdout-2026Q4",
  );
  expect(audit.stdout).toMatch(/: 400 records, passed\.\n$/);
  const event = {
    eventType: "COMPLETE",
    eventTime: "2026-12-01T06:00:00Z",
    producer: "https://example.com/ci",
    schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
    run: { runId },
    job: { namespace: "ci", name: `${model}-train` },
    inputs: [{ namespace: "warehouse", name: "credit.applications" }],
    outputs: [],
  };
  await run("lineage", "push", write("lineage.json", JSON.stringify(event)));
  const requested = await run("release", "request", model, version, "--target", "production", "--summary", "Retrained on Q4 applications.");
  const id = requested.stdout.trim();
  expect(requested.stderr).toContain("2 approvals needed.");

  // The CI gate: waiting while the reviewers decide.
  const gate = steward(["release", "wait", id, "--timeout", "150s", "--interval", "500ms"], token, ci);

  const first = await reviewerApproves(browser, U.reviewer, id, "Evidence complete; the audit passes.");
  await expect(first.page.getByTestId("waiting-for")).toContainText("Waiting for 1 more approval. 1 of 2 approvals so far.");
  const second = await reviewerApproves(browser, U.reviewer2, id, "Agreed.");
  await expect(second.page.locator("h1")).toContainText("approved");

  const waited = expectExit(await gate, 0);
  expect(waited.stdout).toBe(`Release ${id} approved: ${model} ${version} is in production.\n`);
  expect(waited.stderr).toContain(`release ${id}: approved, 2 of 2 approvals`);
  await first.ctx.close();
  await second.ctx.close();
});
