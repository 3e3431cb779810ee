// API.md "Model cards" over real HTTP: saves as revisions, If-Match conflicts, formats, import, diff, permissions.
import fs from "node:fs";
import path from "node:path";
import { type APIRequestContext, type APIResponse, expect, test } from "@playwright/test";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { FULL_CARD } from "../../lib/cards/fixtures/cards";
import { E2E } from "../env";
import { adminApi, apiAs, unique } from "../fixtures";

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validateMct = ajv.compile(
  JSON.parse(fs.readFileSync(path.resolve(process.cwd(), "lib/cards/spec/model-card-toolkit-v0.0.2.schema.json"), "utf8")),
);
const fixture = (f: string) => fs.readFileSync(path.resolve(process.cwd(), "lib/cards/fixtures", f), "utf8");

let admin: APIRequestContext;
let owner: APIRequestContext; // contributor@, owns the models made here
let other: APIRequestContext; // priya@, a contributor who does not own them
let viewer: APIRequestContext;
let model: string;

async function ok(res: APIResponse, status: number) {
  expect(res.status(), `${res.url()} → ${await res.text()}`).toBe(status);
  return res;
}

async function error(res: APIResponse, status: number, code: string) {
  const text = await res.text();
  expect(res.status(), text).toBe(status);
  const body = JSON.parse(text);
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(10);
  return body.error as { code: string; message: string; details: { path: string; message: string }[] };
}

async function newVersion(name = model) {
  const version = unique("v").replace(/^v-/, "1.");
  await ok(await owner.post(`/api/v1/models/${name}/versions`, { data: { version } }), 201);
  return version;
}

const cardUrl = (version: string, rest = "") => `/api/v1/models/${model}/versions/${version}/card${rest}`;

test.beforeAll(async () => {
  admin = await adminApi();
  owner = await apiAs(E2E.users.contributor);
  other = await apiAs(E2E.users.contributor2);
  viewer = await apiAs(E2E.users.viewer);
  model = unique("cards");
  await ok(await owner.post("/api/v1/models", { data: { name: model, owner: E2E.users.contributor, riskTier: "high" } }), 201);
});
test.afterAll(async () => {
  for (const c of [admin, owner, other, viewer]) await c?.dispose();
});

test("PUT saves revisions; GET returns the latest or ?revision=N with who and when; If-Match on a stale revision is 409", async () => {
  const v = await newVersion();
  const none = await error(await viewer.get(cardUrl(v)), 404, "not_found");
  expect(none.message).toBe(`No card has been saved yet for version ${v} of ${model}.`);

  const first = await ok(
    await owner.put(cardUrl(v), { data: { modelDetails: { text: "Draft" }, factors: { relevantFactors: ["age", ""] } } }),
    200,
  );
  expect(await first.json()).toMatchObject({ revision: 1, completeness: 22 });
  expect(first.headers().etag).toBe('"1"');

  const second = await ok(await owner.put(cardUrl(v), { data: FULL_CARD, headers: { "if-match": '"1"' } }), 200);
  expect(await second.json()).toMatchObject({ revision: 2, completeness: 100 });
  expect(second.headers().etag).toBe('"2"');

  const got = await ok(await viewer.get(cardUrl(v)), 200);
  expect(got.headers().etag).toBe('"2"');
  const doc = await got.json();
  expect(doc).toMatchObject({
    model,
    version: v,
    revision: 2,
    completeness: 100,
    needsReview: false,
    savedBy: E2E.users.contributor,
    source: "api",
  });
  expect(doc.savedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  expect(doc.card).toEqual(FULL_CARD);
  expect((await (await viewer.get(`${cardUrl(v)}?revision=1`)).json()).card).toEqual({
    modelDetails: { text: "Draft" },
    factors: { relevantFactors: ["age"] },
  });
  await error(await viewer.get(`${cardUrl(v)}?revision=9`), 404, "not_found");
  await error(await viewer.get(`/api/v1/models/${model}/versions/0.0.404/card`), 404, "not_found");

  // Someone else saves on top of revision 1 after revision 2 exists: refused, told who saved and when.
  const stale = await admin.put(cardUrl(v), { data: { modelDetails: { text: "stale" } }, headers: { "if-match": "1" } });
  const conflict = await error(stale, 409, "revision_conflict");
  expect(conflict.message).toMatch(new RegExp(`revision 2 was saved by ${E2E.users.contributor.replace(".", "\\.")} at \\d{4}-`));
  expect(stale.headers().etag).toBe('"2"');
  await ok(await admin.put(cardUrl(v), { data: { modelDetails: { text: "admin edit" } }, headers: { "if-match": "2" } }), 200);

  const revs = await (await viewer.get(cardUrl(v, "/revisions"))).json();
  expect(revs.items.map((r: { revision: number; savedBy: string }) => [r.revision, r.savedBy])).toEqual([
    [3, E2E.users.admin],
    [2, E2E.users.contributor],
    [1, E2E.users.contributor],
  ]);
  expect(revs.nextCursor).toBeNull();

  const version = await (await viewer.get(`/api/v1/models/${model}/versions/${v}`)).json();
  expect(version.card).toMatchObject({ revision: 3, completeness: 11, needsReview: false });
});

test("exactly one of several simultaneous saves with the same If-Match wins", async () => {
  const v = await newVersion();
  await ok(await owner.put(cardUrl(v), { data: { modelDetails: { text: "base" } } }), 200);
  const results = await Promise.all(
    Array.from({ length: 6 }, (_, i) =>
      owner.put(cardUrl(v), { data: { modelDetails: { text: `writer ${i}` } }, headers: { "if-match": "1" } }),
    ),
  );
  expect(results.map((r) => r.status()).sort()).toEqual([200, 409, 409, 409, 409, 409]);
  expect((await (await viewer.get(cardUrl(v, "/revisions"))).json()).items).toHaveLength(2);
});

test("formats: MCT JSON that validates against the toolkit's schema, and Markdown with the nine sections", async () => {
  const v = await newVersion();
  await ok(await owner.put(cardUrl(v), { data: FULL_CARD }), 200);

  const mctRes = await ok(await viewer.get(`${cardUrl(v)}?format=mct`), 200);
  expect(mctRes.headers()["content-type"]).toContain("application/json");
  const mct = await mctRes.json();
  expect(validateMct(mct), JSON.stringify(validateMct.errors)).toBe(true);
  expect(mct.model_details).toMatchObject({
    name: model,
    version: { name: v, date: "2026-11-01" },
    licenses: [{ identifier: "proprietary" }],
  });

  const mdRes = await ok(await viewer.get(`${cardUrl(v)}?format=markdown`), 200);
  expect(mdRes.headers()["content-type"]).toContain("text/markdown");
  const md = await mdRes.text();
  expect(md.split("\n").filter((l) => l.startsWith("## "))).toEqual([
    "## Model details",
    "## Intended use",
    "## Factors",
    "## Metrics",
    "## Evaluation data",
    "## Training data",
    "## Quantitative analyses",
    "## Ethical considerations",
    "## Caveats and recommendations",
  ]);
  expect(md).toContain(`# Model card: ${model} ${v}`);
  expect(md).toContain("| auc | 0.75 |");

  // Export then import gives the same card.
  const again = await newVersion();
  const imported = await ok(await owner.post(cardUrl(again, "/import"), { data: mct }), 201);
  expect(await imported.json()).toMatchObject({ revision: 1, format: "mct", completeness: 100 });
  expect((await (await viewer.get(cardUrl(again))).json()).card).toEqual(FULL_CARD);

  await error(await viewer.get(`${cardUrl(v)}?format=pdf`), 400, "invalid_request");
});

test("import: a Model Card Toolkit card comes back field for field; a Hugging Face README lands in the right sections", async () => {
  const v = await newVersion();
  const census = JSON.parse(fixture("mct-census-income.json"));
  const res = await ok(await owner.post(cardUrl(v, "/import"), { data: census }), 201);
  const body = await res.json();
  expect(body).toMatchObject({ revision: 1, format: "mct" });
  expect(body.card.modelDetails).toMatchObject({
    license: "Apache-2.0",
    type: "Wide and deep neural network",
    contact: "model-cards@example.com",
  });
  const back = await (await viewer.get(`${cardUrl(v)}?format=mct`)).json();
  // Every field comes back; the card now describes this model and version, so those are the names it gives.
  expect(back).toEqual({
    ...census,
    model_details: { ...census.model_details, name: model, version: { ...census.model_details.version, name: v } },
  });

  const hf = await ok(
    await owner.post(cardUrl(v, "/import"), {
      data: fixture("hf-review-sentiment-README.md"),
      headers: { "content-type": "text/markdown; charset=utf-8", "if-match": "1" },
    }),
    201,
  );
  const hfBody = await hf.json();
  expect(hfBody).toMatchObject({ revision: 2, format: "huggingface", completeness: 100 });
  expect(hfBody.card.intendedUse.outOfScopeUses).toContain("Reviews written in languages other than English");
  expect(hfBody.card.modelDetails.license).toBe("apache-2.0");
  expect(hfBody.card.trainingData.datasets.map((d: { name: string }) => d.name)).toEqual(["amazon_polarity", "yelp_polarity"]);

  await error(
    await owner.post(cardUrl(v, "/import"), { data: "name,value", headers: { "content-type": "text/csv" } }),
    415,
    "unsupported_media_type",
  );
  // A date as the toolkit's own cards write it is read (issue 23), with a warning; a date that is not a string is refused.
  const written = await ok(await owner.post(cardUrl(v, "/import"), { data: { model_details: { version: { date: "28/08/2020" } } } }), 201);
  expect((await written.json()).warnings).toEqual([
    { path: "model_details.version.date", message: '"28/08/2020" is not written YYYY-MM-DD; read as 2020-08-28' },
  ]);
  const bad = await error(
    await owner.post(cardUrl(v, "/import"), { data: { model_details: { version: { date: 20200828 } } } }),
    400,
    "invalid_request",
  );
  expect(bad.details.map((d: { path: string }) => d.path)).toEqual(["model_details.version.date"]);
});

test("diff between two revisions, section by section", async () => {
  const v = await newVersion();
  await ok(await owner.put(cardUrl(v), { data: FULL_CARD }), 200);
  const changed = { ...FULL_CARD, caveatsAndRecommendations: { text: "- Review yearly" }, factors: undefined };
  await ok(await owner.put(cardUrl(v), { data: changed, headers: { "if-match": "1" } }), 200);
  const d = await (await ok(await viewer.get(`${cardUrl(v, "/diff")}?from=1&to=2`), 200)).json();
  expect(d.from.revision).toBe(1);
  expect(d.to.revision).toBe(2);
  expect(d.sections.filter((s: { changed: boolean }) => s.changed).map((s: { section: string }) => s.section)).toEqual([
    "factors",
    "caveatsAndRecommendations",
  ]);
  const caveats = d.sections.find((s: { section: string }) => s.section === "caveatsAndRecommendations");
  expect(caveats.fields[0].lines).toContainEqual({ op: "add", text: "- Review yearly" });
  expect((await error(await viewer.get(cardUrl(v, "/diff?from=1")), 400, "invalid_request")).details.map((x) => x.path)).toEqual(["to"]);
  await error(await viewer.get(`${cardUrl(v, "/diff")}?from=1&to=7`), 404, "not_found");
});

test("only the model's owner or an admin saves: viewer and other contributors 403, read-only token 403; bad input 400 naming the field", async () => {
  const v = await newVersion();
  const card = { modelDetails: { text: "x" } };
  await error(await viewer.put(cardUrl(v), { data: card }), 403, "forbidden");
  const notOwner = await error(await other.put(cardUrl(v), { data: card }), 403, "forbidden");
  expect(notOwner.message).toBe(`Only the model's owner (${E2E.users.contributor}), one of its maintainers, or an admin can do this.`);
  const readOnly = await apiAs(E2E.users.contributor, ["read"]);
  await error(await readOnly.put(cardUrl(v), { data: card }), 403, "forbidden");
  await readOnly.dispose();
  await error(await viewer.get(cardUrl(v)), 404, "not_found"); // nothing stored

  const unknown = await error(await owner.put(cardUrl(v), { data: { modelDetails: { text: "x", owner: "me" } } }), 400, "invalid_request");
  expect(unknown.details).toEqual([{ path: "modelDetails.owner", message: "is not a known field" }]);
  const link = await error(
    await owner.put(cardUrl(v), { data: { trainingData: { datasets: [{ name: "d", link: "the wiki" }] } } }),
    400,
    "invalid_request",
  );
  expect(link.details.map((x) => x.path)).toEqual(["trainingData.datasets[0].link"]);
  const etag = await error(await owner.put(cardUrl(v), { data: card, headers: { "if-match": "latest" } }), 400, "invalid_request");
  expect(etag.details).toEqual([{ path: "If-Match", message: "is not a revision number" }]);
  await error(
    await owner.put(cardUrl(v), { data: "<card/>", headers: { "content-type": "application/xml" } }),
    415,
    "unsupported_media_type",
  );

  await ok(await admin.put(cardUrl(v), { data: card }), 200);
});

test("every save and import is in the audit trail with the card before and after", async () => {
  const v = await newVersion();
  await ok(await owner.put(cardUrl(v), { data: { modelDetails: { text: "one" } } }), 200);
  await ok(await owner.put(cardUrl(v), { data: { modelDetails: { text: "two" } } }), 200);
  await ok(await owner.post(cardUrl(v, "/import"), { data: { model_details: { overview: "three" } } }), 201);
  const res = await admin.get(`/api/v1/audit?entityType=card&entityId=${encodeURIComponent(`${model}/${v}`)}`);
  const entries = (await (await ok(res, 200)).json()).items;
  expect(entries.map((e: { action: string }) => e.action)).toEqual(["card.created", "card.updated", "card.imported"]);
  expect(entries[0].before).toBeNull();
  expect(entries[1].before).toMatchObject({ revision: 1, card: { modelDetails: { text: "one" } } });
  expect(entries[1].after).toMatchObject({ revision: 2, card: { modelDetails: { text: "two" } } });
  expect(entries[2].after).toMatchObject({ revision: 3, format: "mct", card: { modelDetails: { text: "three" } } });
  expect(entries.every((e: { actor: { email: string } }) => e.actor.email === E2E.users.contributor)).toBe(true);
});

test("a new version's card starts as a copy of the previous one, needing review until someone saves it", async () => {
  const v1 = await newVersion();
  await ok(await owner.put(cardUrl(v1), { data: FULL_CARD }), 200);
  const v2 = await newVersion();
  await error(await other.post(cardUrl(v2, "/copy-previous")), 403, "forbidden");
  const copied = await (await ok(await owner.post(cardUrl(v2, "/copy-previous")), 201)).json();
  expect(copied).toMatchObject({ revision: 1, needsReview: true, completeness: 100, copiedFrom: { version: v1, revision: 1 } });
  const doc = await (await viewer.get(cardUrl(v2))).json();
  expect(doc).toMatchObject({ needsReview: true, source: "copy", card: FULL_CARD });
  await error(await owner.post(cardUrl(v2, "/copy-previous")), 409, "card_exists");
  const saved = await (await ok(await owner.put(cardUrl(v2), { data: doc.card, headers: { "if-match": "1" } }), 200)).json();
  expect(saved).toMatchObject({ revision: 2, needsReview: false });
});
