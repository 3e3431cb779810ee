import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { DEMO_MODELS } from "../../lib/demo/data";
import { datasetId } from "../../lib/lineage/ids";
import { E2E } from "../env";
import { signIn } from "../fixtures";
import { snap } from "./support";

const MODEL = DEMO_MODELS.find((d) => d.versions.length >= 3 && d.versions.some(([, s]) => s === "production"))!;
const VERSION = MODEL.versions.find(([, s]) => s === "production")![0];
const MODEL_PAGE = `/models/${MODEL.name}`;
const VERSION_PAGE = `/models/${MODEL.name}/versions/${VERSION}`;
const SCREENS = path.join("test-results", "screens");
// The explorer centred on a demo table (lib/demo/lineage.ts), its side panel open on it.
const LINEAGE_NODE = `/lineage?node=${encodeURIComponent(datasetId({ namespace: "postgres://warehouse:5432", name: "raw.card_transactions" }))}`;

const PAGES: { path: string; title: string; signedIn: boolean }[] = [
  { path: "/login", title: "Sign in · Steward", signedIn: false },
  { path: "/", title: "My work · Steward", signedIn: true },
  { path: "/models", title: "Models · Steward", signedIn: true },
  { path: "/models/new", title: "Register a model · Steward", signedIn: true },
  { path: MODEL_PAGE, title: `${MODEL.name} · Steward`, signedIn: true },
  { path: VERSION_PAGE, title: `${MODEL.name} ${VERSION} · Steward`, signedIn: true },
  { path: "/lineage", title: "Lineage · Steward", signedIn: true },
  { path: LINEAGE_NODE, title: "Lineage · Steward", signedIn: true },
  { path: "/dashboards/on-call", title: "On-call · Steward", signedIn: true },
];

async function seriousViolations(page: Page) {
  const r = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  return r.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(" ")).join("\n  ")}`);
}

test.describe("every page passes axe and has a title and one h1", () => {
  for (const p of PAGES) {
    test(p.path, async ({ page }) => {
      if (p.signedIn) await signIn(page, E2E.users.contributor);
      await page.goto(p.path);
      await expect(page).toHaveTitle(p.title);
      // The lineage graph is laid out in the browser: check it once drawn.
      if (p.path.startsWith("/lineage?")) await expect(page.getByTestId("lineage-node").first()).toBeVisible();
      await expect(page.locator("h1")).toHaveCount(1);
      await expect(page.locator("h1")).toBeVisible();
      await expect(page.locator("main")).toHaveCount(1);
      expect(await seriousViolations(page)).toEqual([]);
    });
  }

  test("the register form with a field error", async ({ page }) => {
    await signIn(page, E2E.users.contributor);
    await page.goto("/models/new");
    await page.getByLabel("Name").fill("Bad Name");
    await page.getByRole("button", { name: "Register model" }).click();
    await expect(page.locator("#fld-name-err")).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test("the login page with an error, and the inventory at phone width", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Email").fill(E2E.users.viewer);
    await page.getByLabel("Password").fill("wrong-password-here");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByTestId("login-error")).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await signIn(page, E2E.users.viewer);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/models");
    expect(await seriousViolations(page)).toEqual([]);
  });
});

test.describe("keyboard", () => {
  test("Tab from the top reaches the skip link, then the main navigation; the skip link jumps past it", async ({ page }) => {
    await signIn(page, E2E.users.compliance);
    await page.goto("/models");
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to content" });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();

    const nav = page.getByRole("navigation", { name: "Main", exact: true });
    const labels = await nav.getByRole("link").allTextContents();
    // Compliance sees the audit trail; other sections may be added, but these lead.
    expect(labels.slice(0, 2)).toEqual(["My work", "Models"]);
    expect(labels).toContain("Audit trail");
    const reached: string[] = [];
    for (let i = 0; i < labels.length + 4 && reached.length < labels.length; i++) {
      await page.keyboard.press("Tab");
      const inNav = await page.evaluate(() => Boolean(document.activeElement?.closest('nav[aria-label="Main"]')));
      if (inNav) reached.push((await page.evaluate(() => document.activeElement?.textContent ?? "")).trim());
    }
    expect(reached).toEqual(labels);

    // Back to the top: Enter on the skip link, and the next Tab lands inside <main>.
    await page.goto("/models");
    await page.keyboard.press("Tab");
    await expect(skip).toBeFocused();
    await page.keyboard.press("Enter");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest("main")))).toBe(true);
  });

  test("the filter form on /models works with the keyboard alone", async ({ page }) => {
    await signIn(page, E2E.users.viewer);
    await page.goto("/models");
    const search = page.getByLabel("Search");
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press("Tab");
      if (await search.evaluate((el) => el === document.activeElement)) break;
    }
    await expect(search).toBeFocused();
    const target = DEMO_MODELS.find((d) => d.team === "fraud")!;
    await page.keyboard.type(target.name);
    await page.keyboard.press("Enter");
    await page.waitForURL((u) => u.searchParams.get("q") === target.name);
    await expect(page.getByTestId("models-table").locator("tbody tr")).toHaveCount(1);

    // Choose a risk tier with the arrow keys and submit with the Apply button, still by keyboard.
    const tier = page.getByLabel("Risk tier");
    await tier.focus();
    await page.keyboard.press("ArrowDown"); // "Any" → the first tier, "low"
    await expect(tier).toHaveValue("low");
    await page.getByRole("button", { name: "Apply" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForURL((u) => u.searchParams.get("riskTier") === "low");
    // target is a fraud model, not low risk: nothing matches, and the page says so.
    expect(target.riskTier).not.toBe("low");
    await expect(page.getByText("No model matches these filters.")).toBeVisible();
  });
});

test.describe("phone width (390 × 844)", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  for (const p of ["/", "/models", "/models/new", MODEL_PAGE, VERSION_PAGE, LINEAGE_NODE]) {
    test(`no horizontal overflow on ${p}`, async ({ page }) => {
      await signIn(page, E2E.users.contributor);
      await page.goto(p);
      await expect(page.locator("h1")).toBeVisible();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(390);
    });
  }

  test("the Menu button reveals the navigation and the user", async ({ page }) => {
    await signIn(page, E2E.users.admin);
    await page.goto("/models");
    await expect(page.getByRole("navigation", { name: "Main", exact: true })).toBeHidden();
    const mobileNav = page.getByRole("navigation", { name: "Main (mobile)" });
    await expect(mobileNav).toBeHidden();
    await page.getByText("Menu", { exact: true }).click();
    await expect(mobileNav).toBeVisible();
    // The same sections as the desktop bar (hidden at this width, still in the page), admin's included.
    const desktop = await page.locator('nav[aria-label="Main"] a').allTextContents();
    expect(desktop).toEqual(expect.arrayContaining(["My work", "Models", "Audit trail", "Admin"]));
    await expect(mobileNav.getByRole("link")).toHaveText(desktop);
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    await mobileNav.getByRole("link", { name: "My work" }).click();
    await page.waitForURL((u) => u.pathname === "/");
    await expect(page.locator("h1")).toHaveText("Hello, Amara");
  });
});

test.describe("screenshots", () => {
  const sizes = [
    { w: 1280, h: 900 },
    { w: 390, h: 844 },
  ];
  const shots: { name: string; path: string; signedIn: boolean }[] = [
    { name: "login", path: "/login", signedIn: false },
    { name: "home", path: "/", signedIn: true },
    { name: "models", path: "/models", signedIn: true },
    { name: "models-new", path: "/models/new", signedIn: true },
    { name: "model", path: MODEL_PAGE, signedIn: true },
    { name: "version", path: VERSION_PAGE, signedIn: true },
  ];
  for (const s of sizes) {
    test(`at ${s.w}×${s.h}`, async ({ page }) => {
      fs.mkdirSync(SCREENS, { recursive: true });
      await page.setViewportSize({ width: s.w, height: s.h });
      for (const shot of shots.filter((x) => !x.signedIn)) {
        await page.goto(shot.path);
        await expect(page.locator("h1")).toBeVisible();
        await snap(page, { path: path.join(SCREENS, `${shot.name}-${s.w}.png`), fullPage: true });
      }
      await page.getByLabel("Email").fill(E2E.users.viewer);
      await page.getByLabel("Password").fill("wrong-password-here");
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
      await expect(page.getByTestId("login-error")).toBeVisible();
      await snap(page, { path: path.join(SCREENS, `login-error-${s.w}.png`), fullPage: true });
      await signIn(page, E2E.users.contributor);
      for (const shot of shots.filter((x) => x.signedIn)) {
        await page.goto(shot.path);
        await expect(page.locator("h1")).toBeVisible();
        await snap(page, { path: path.join(SCREENS, `${shot.name}-${s.w}.png`), fullPage: true });
      }
      // The error states a person meets most: a refused sign-in and a form field the API refused.
      await page.goto("/models/new");
      await page.getByLabel("Name").fill("Bad Name");
      await page.getByRole("button", { name: "Register model" }).click();
      await expect(page.locator("#fld-name-err")).toBeVisible();
      await snap(page, { path: path.join(SCREENS, `models-new-error-${s.w}.png`), fullPage: true });
      if (s.w < 768) {
        await page.goto("/models");
        await page.getByText("Menu", { exact: true }).click();
        await snap(page, { path: path.join(SCREENS, `menu-${s.w}.png`) });
      }
    });
  }
});
