// GET /api/v1/models on the seeded portfolio: filters, sorts and cursor pages, with the expected answers worked out
// here from the seed's input (lib/demo/data.ts), not from the code under test. Other tests add models of their own
// (their versions never leave development or retired), so each check compares the seeded models in the answer with
// the hand count, and checks every other model in it still satisfies the filter.
import { type APIRequestContext, type APIResponse, expect, test } from "@playwright/test";
import { DEMO_MODELS, type DemoModel } from "../../lib/demo/data";
import { E2E } from "../env";
import { apiAs } from "../fixtures";
import { expectStatus, newModel, unique } from "./support";

type Item = {
  name: string;
  title: string | null;
  description: string | null;
  owner: string;
  team: string | null;
  riskTier: string;
  tags: string[];
  stage: string | null;
  latestVersion: string | null;
  productionVersion: string | null;
  versionCount: number;
  updatedAt: string;
};

let viewer: APIRequestContext;
let contributor: APIRequestContext;
test.beforeAll(async () => {
  viewer = await apiAs(E2E.users.viewer);
  contributor = await apiAs(E2E.users.contributor);
});
test.afterAll(async () => {
  await viewer.dispose();
  await contributor.dispose();
});

const SEEDED = new Set(DEMO_MODELS.map((m) => m.name));
const TIER_ORDER = ["low", "medium", "high", "critical"];

/** Every page of the list, following nextCursor. */
async function all(query: Record<string, string>, limit = 500): Promise<{ items: Item[]; pages: number }> {
  const items: Item[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const params: URLSearchParams = new URLSearchParams({ ...query, limit: String(limit), ...(cursor ? { cursor } : {}) });
    const res: APIResponse = await viewer.get(`/api/v1/models?${params}`);
    await expectStatus(res, 200);
    const page: { items: Item[]; nextCursor: string | null } = await res.json();
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    cursor = page.nextCursor;
    pages++;
    if (cursor) expect(page.items.length).toBe(limit);
  } while (cursor);
  return { items, pages };
}

const seededNames = (items: Item[]) => items.filter((i) => SEEDED.has(i.name)).map((i) => i.name);
const byName = (names: string[]) => [...names].sort();

async function expectFilter(
  query: Record<string, string>,
  pick: (m: DemoModel) => boolean,
  holds: (i: Item) => boolean,
  expectedCount: number,
) {
  const { items } = await all(query);
  const want = DEMO_MODELS.filter(pick).map((m) => m.name);
  expect(want, `hand count for ${JSON.stringify(query)}`).toHaveLength(expectedCount);
  expect(byName(seededNames(items)), JSON.stringify(query)).toEqual(byName(want));
  for (const i of items) expect(holds(i), `${i.name} matches ${JSON.stringify(query)}`).toBe(true);
}

test("each seeded model is listed with its newest version, its stage, its production version and its count", async () => {
  const { items } = await all({});
  expect(seededNames(items)).toHaveLength(14);
  for (const d of DEMO_MODELS) {
    const i = items.find((x) => x.name === d.name);
    const newest = d.versions[d.versions.length - 1];
    expect(i, d.name).toMatchObject({
      title: d.title,
      owner: d.owner,
      team: d.team,
      riskTier: d.riskTier,
      tags: d.tags,
      latestVersion: newest[0],
      stage: newest[1],
      productionVersion: d.versions.find(([, s]) => s === "production")?.[0] ?? null,
      versionCount: d.versions.length,
    });
  }
});

test.describe("filters", () => {
  test("riskTier", async () => {
    await expectFilter(
      { riskTier: "critical" },
      (m) => m.riskTier === "critical",
      (i) => i.riskTier === "critical",
      2,
    );
    await expectFilter(
      { riskTier: "high" },
      (m) => m.riskTier === "high",
      (i) => i.riskTier === "high",
      4,
    );
    await expectFilter(
      { riskTier: "medium" },
      (m) => m.riskTier === "medium",
      (i) => i.riskTier === "medium",
      4,
    );
    await expectFilter(
      { riskTier: "low" },
      (m) => m.riskTier === "low",
      (i) => i.riskTier === "low",
      4,
    );
  });

  test("stage: models with a version in that stage", async () => {
    const has = (stage: string) => (m: DemoModel) => m.versions.some(([, s]) => s === stage);
    // credit-default, recidivism-risk, fraud-card-tx, aml-alert-triage, claims-triage, churn-predictor, dynamic-pricing,
    // demand-forecast, support-intent, product-recs, search-ranking: 11 in production.
    await expectFilter({ stage: "production" }, has("production"), () => true, 11);
    await expectFilter({ stage: "staging" }, has("staging"), () => true, 6);
    // The demo release and rollback of product-recs left 7.3.0 archived: 7 with an archived version.
    await expectFilter({ stage: "archived" }, has("archived"), () => true, 7);
    await expectFilter({ stage: "retired" }, has("retired"), () => true, 2);
  });

  test("owner, case-insensitive", async () => {
    await expectFilter(
      { owner: "PRIYA@example.com" },
      (m) => m.owner === "priya@example.com",
      (i) => i.owner.toLowerCase() === "priya@example.com",
      7,
    );
  });

  test("team and tag", async () => {
    await expectFilter(
      { team: "fraud" },
      (m) => m.team === "fraud",
      (i) => i.team === "fraud",
      2,
    );
    await expectFilter(
      { tag: "regulated" },
      (m) => m.tags.includes("regulated"),
      (i) => i.tags.includes("regulated"),
      4,
    );
    await expectFilter(
      { tag: "marketing" },
      (m) => m.tags.includes("marketing"),
      (i) => i.tags.includes("marketing"),
      3,
    );
    await expectFilter(
      { tag: "no-such-tag" },
      () => false,
      () => false,
      0,
    );
  });

  test("filters combine with AND", async () => {
    await expectFilter(
      { tag: "marketing", riskTier: "low" },
      (m) => m.tags.includes("marketing") && m.riskTier === "low",
      (i) => i.tags.includes("marketing") && i.riskTier === "low",
      1,
    );
    await expectFilter(
      { owner: "contributor@example.com", stage: "staging", riskTier: "high" },
      (m) => m.owner === "contributor@example.com" && m.riskTier === "high" && m.versions.some(([, s]) => s === "staging"),
      (i) => i.owner === "contributor@example.com" && i.riskTier === "high",
      2,
    );
  });

  test("q searches name, title, description and tags, case-insensitively, and treats % and _ literally", async () => {
    const text = (m: { name: string; title: string | null; description: string | null; tags: string[] }) =>
      [m.name, m.title ?? "", m.description ?? "", ...m.tags].join("\n").toLowerCase();
    // "risk": credit-default (title), recidivism-risk (name, description), aml-alert-triage ("riskiest").
    await expectFilter(
      { q: "RISK" },
      (m) => text(m).includes("risk"),
      (i) => text(i).includes("risk"),
      3,
    );
    // "nlp" only as a tag: claims-triage, resume-screening, support-intent.
    await expectFilter(
      { q: "nlp" },
      (m) => text(m).includes("nlp"),
      (i) => text(i).includes("nlp"),
      3,
    );
    await expectFilter(
      { q: "%" },
      (m) => text(m).includes("%"),
      (i) => text(i).includes("%"),
      0,
    );
    await expectFilter(
      { q: "_" },
      (m) => text(m).includes("_"),
      (i) => text(i).includes("_"),
      0,
    );
  });
});

test.describe("sort", () => {
  test("sort=name is by name; -name the reverse", async () => {
    const asc = (await all({ sort: "name" })).items.map((i) => i.name);
    expect(seededNames((await all({ sort: "name" })).items)).toEqual(DEMO_MODELS.map((m) => m.name).sort());
    expect(asc).toEqual([...asc].sort());
    const desc = (await all({ sort: "-name" })).items.map((i) => i.name);
    expect(desc).toEqual([...asc].reverse());
  });

  test("sort=riskTier runs low → critical (then by registration); -riskTier the reverse", async () => {
    const { items } = await all({ sort: "riskTier" });
    const rank = (t: string) => TIER_ORDER.indexOf(t);
    // Stable sort of the seed list by tier: ties keep the order the seed registered them in.
    const want = [...DEMO_MODELS].sort((a, b) => rank(a.riskTier) - rank(b.riskTier)).map((m) => m.name);
    expect(seededNames(items)).toEqual(want);
    expect(want.slice(0, 4)).toEqual(["support-intent", "product-recs", "search-ranking", "invoice-ocr"]);
    expect(want.slice(-2)).toEqual(["credit-default", "recidivism-risk"]);
    for (let k = 1; k < items.length; k++) expect(rank(items[k - 1].riskTier)).toBeLessThanOrEqual(rank(items[k].riskTier));
    const rev = (await all({ sort: "-riskTier" })).items;
    expect(seededNames(rev)).toEqual([...want].reverse());
  });

  test("sort=-updatedAt puts the model changed last first", async () => {
    const m = await newModel(contributor);
    const { items } = await all({ sort: "-updatedAt" });
    expect(items[0].name).toBe(m.name);
    for (let k = 1; k < items.length; k++)
      expect(Date.parse(items[k - 1].updatedAt)).toBeGreaterThanOrEqual(Date.parse(items[k].updatedAt));
  });
});

test.describe("cursor pages", () => {
  for (const sort of ["name", "-updatedAt", "riskTier", "-riskTier"]) {
    test(`limit=5 walks every model once (sort=${sort})`, async () => {
      const whole = await all({ sort });
      const paged = await all({ sort }, 5);
      const names = paged.items.map((i) => i.name);
      expect(new Set(names).size).toBe(names.length);
      expect(names.length).toBe(whole.items.length);
      expect(names).toEqual(whole.items.map((i) => i.name));
      expect(paged.pages).toBe(Math.ceil(whole.items.length / 5));
      expect(whole.items.length).toBeGreaterThanOrEqual(14);
    });
  }

  test("pages of a filter: riskTier=critical with limit=1, one model a page, in name order", async () => {
    // Other tests may add critical models of their own, so the walk is compared with the whole filtered list.
    const whole = (await all({ riskTier: "critical", sort: "name" })).items.map((i) => i.name);
    expect(seededNames((await all({ riskTier: "critical", sort: "name" })).items)).toEqual(["credit-default", "recidivism-risk"]);
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const res: APIResponse = await viewer.get(`/api/v1/models?riskTier=critical&sort=name&limit=1${cursor ? `&cursor=${cursor}` : ""}`);
      const page: { items: Item[]; nextCursor: string | null } = await res.json();
      expect(page.items).toHaveLength(1);
      walked.push(page.items[0].name);
      cursor = page.nextCursor;
    } while (cursor);
    expect(walked).toEqual(whole);
    expect(walked.length).toBeGreaterThanOrEqual(2);
  });

  test("a model added between pages does not duplicate or skip what was already paged", async () => {
    const first = await (await viewer.get("/api/v1/models?sort=name&limit=3")).json();
    // "0…" sorts before every seeded name, i.e. before the cursor.
    await newModel(contributor, { name: `0${unique("early")}` });
    const second = await (await viewer.get(`/api/v1/models?sort=name&limit=3&cursor=${first.nextCursor}`)).json();
    const firstNames = first.items.map((i: Item) => i.name);
    for (const i of second.items) expect(firstNames).not.toContain(i.name);
    expect(second.items[0].name > firstNames[2]).toBe(true);
  });
});
