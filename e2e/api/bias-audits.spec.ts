// Bias audits over real HTTP: row-level records generated from known counts come back as the same numbers, by JSON
// and by NDJSON; a bad record is named and nothing is stored; only contributors (with a write token) may post.
import { type APIRequestContext, expect, test } from "@playwright/test";
import { E2E } from "../env";
import { apiAs, unique } from "../fixtures";
import { anonymousApi } from "./support";

// ProPublica's COMPAS counts (METRICS.md): Black TN 990, FP 805, FN 532, TP 1369; white TN 1139, FP 349, FN 461, TP 505.
const COMPAS = {
  "African-American": { tp: 1369, fp: 805, tn: 990, fn: 532 },
  Caucasian: { tp: 505, fp: 349, tn: 1139, fn: 461 },
};
const header = {
  name: "compas-e2e",
  dataset: "compas-two-year",
  sensitiveAttributes: ["race", "sex"],
  referenceGroups: { race: "Caucasian" },
};

type Rec = { label: number; prediction: number; score: number; attributes: { race: string; sex: string } };

/** 6,150 records whose confusion counts per race are COMPAS's; sex alternates so the pairs have data too. */
function compasRecords(): Rec[] {
  const out: Rec[] = [];
  let i = 0;
  for (const [race, c] of Object.entries(COMPAS)) {
    const push = (n: number, label: number, prediction: number) => {
      for (let k = 0; k < n; k++)
        out.push({ label, prediction, score: prediction ? 0.7 : 0.3, attributes: { race, sex: i++ % 3 === 0 ? "Female" : "Male" } });
    };
    push(c.tp, 1, 1);
    push(c.fp, 0, 1);
    push(c.tn, 0, 0);
    push(c.fn, 1, 0);
  }
  return out;
}

const ndjson = (h: unknown, records: unknown[]) => `${[JSON.stringify(h), ...records.map((r) => JSON.stringify(r))].join("\n")}\n`;

let contributor: APIRequestContext;
let viewer: APIRequestContext;
let model: string;
const version = "1.0.0";
let base: string;

test.beforeAll(async () => {
  contributor = await apiAs(E2E.users.contributor);
  viewer = await apiAs(E2E.users.viewer);
  model = unique("bias");
  expect(
    (await contributor.post("/api/v1/models", { data: { name: model, owner: E2E.users.contributor, riskTier: "critical" } })).status(),
  ).toBe(201);
  expect((await contributor.post(`/api/v1/models/${model}/versions`, { data: { version } })).status()).toBe(201);
  base = `/api/v1/models/${model}/versions/${version}/bias-audits`;
});
test.afterAll(async () => {
  await contributor.dispose();
  await viewer.dispose();
});

/** How many audits the version lists (GET …/versions/{version} lists them with their verdicts). */
async function auditCount() {
  const res = await viewer.get(`/api/v1/models/${model}/versions/${version}`);
  expect(res.status()).toBe(200);
  return (await res.json()).audits.length as number;
}

test("6,150 JSON records generated from COMPAS's counts give ProPublica's figures back", async () => {
  const res = await contributor.post(base, { data: { ...header, records: compasRecords() } });
  expect(res.status(), await res.text()).toBe(201);
  const a = await res.json();
  expect(a).toMatchObject({
    model,
    version,
    name: "compas-e2e",
    passed: false,
    recordCount: 6150,
    config: { source: "records", thresholds: { min: 0.8, max: 1.25 } },
  });
  const black = a.groups.find((g: { attribute: string; group: string }) => g.attribute === "race" && g.group === "African-American");
  expect(black).toMatchObject({ n: 3696, tp: 1369, fp: 805, tn: 990, fn: 532, passed: false, isReference: false });
  expect(black.fpr).toBeCloseTo(0.4485, 4);
  expect(black.fnr).toBeCloseTo(0.2799, 4);
  expect(black.disparities.fpr).toBeCloseTo(1.912, 3);
  expect(black.intervals.fpr.low).toBeCloseTo(0.425595, 5);
  expect(black.flags).toContainEqual(expect.objectContaining({ kind: "outside_thresholds", metric: "fpr", fails: true }));
  const white = a.groups.find((g: { group: string }) => g.group === "Caucasian");
  expect(white).toMatchObject({ n: 2454, isReference: true });
  expect(white.fpr).toBeCloseTo(0.2345, 4);
  expect(white.fnr).toBeCloseTo(0.4772, 4);
  expect(a.summary.race).toMatchObject({
    referenceGroup: "Caucasian",
    failingGroups: ["African-American"],
    passed: false,
    fourFifths: { passed: false },
  });
  expect(a.summary.race.demographicParityDifference).toBeCloseTo(0.2402, 4);
  expect(a.summary.race.equalizedOddsDifference).toBeCloseTo(0.213925, 6);
  expect(a.summary.race.equalizedOddsRatio).toBeCloseTo(0.522987, 6);
  expect(a.summary.race.disparateImpact).toBeCloseTo(0.591638, 6);
  expect(Object.keys(a.intersections.summary)).toEqual(["race × sex"]);
  expect(a.intersections.groups).toHaveLength(4);

  // The stored audit, the version's list and the model's latest verdict.
  const got = await viewer.get(`/api/v1/bias-audits/${a.id}`);
  expect(got.status()).toBe(200);
  expect(await got.json()).toEqual(a);
  const v = await (await viewer.get(`/api/v1/models/${model}/versions/${version}`)).json();
  expect(v.audits).toContainEqual({ id: a.id, name: "compas-e2e", dataset: "compas-two-year", passed: false, createdAt: a.createdAt });
  const m = await (await viewer.get(`/api/v1/models/${model}`)).json();
  expect(m.latestBiasAudit).toMatchObject({ id: a.id, version, passed: false });
});

test("the same records as NDJSON give the same numbers, and a retry with the same Idempotency-Key stores nothing twice", async () => {
  const records = compasRecords();
  const json = await (await contributor.post(base, { data: { ...header, records } })).json();
  const key = unique("idem");
  const post = () =>
    contributor.post(base, {
      headers: { "content-type": "application/x-ndjson", "idempotency-key": key },
      data: Buffer.from(ndjson(header, records)),
    });
  const res = await post();
  expect(res.status(), await res.text()).toBe(201);
  const nd = await res.json();
  expect(nd.config.source).toBe("ndjson");
  expect(nd.recordCount).toBe(6150);
  expect(nd.groups).toEqual(json.groups);
  expect(nd.summary).toEqual(json.summary);
  expect(nd.intersections).toEqual(json.intersections);
  const before = await auditCount();
  const again = await post();
  expect(again.status()).toBe(201);
  expect(again.headers()["idempotent-replayed"]).toBe("true");
  expect((await again.json()).id).toBe(nd.id);
  expect(await auditCount()).toBe(before);
});

test("counts instead of records give the same figures", async () => {
  const res = await contributor.post(base, {
    data: { ...header, sensitiveAttributes: ["race"], counts: Object.entries(COMPAS).map(([race, c]) => ({ attributes: { race }, ...c })) },
  });
  expect(res.status(), await res.text()).toBe(201);
  const a = await res.json();
  expect(a.config.source).toBe("counts");
  expect(a.groups.find((g: { group: string }) => g.group === "African-American").disparities.fpr).toBeCloseTo(1.912, 3);
});

test("a bad record is named by its path, by JSON and by NDJSON, and nothing is stored", async () => {
  const before = await auditCount();
  const records: unknown[] = compasRecords().slice(0, 40);
  records[17] = { label: "x".repeat(201), prediction: 1, attributes: { race: "Caucasian", sex: "Male" } };
  const res = await contributor.post(base, { data: { ...header, records } });
  expect(res.status()).toBe(400);
  const e = (await res.json()).error;
  expect(e.code).toBe("invalid_request");
  expect(e.details.map((d: { path: string }) => d.path)).toEqual(["records[17].label"]);

  const nd = await contributor.post(base, {
    headers: { "content-type": "application/x-ndjson" },
    data: Buffer.from(ndjson(header, records)),
  });
  expect(nd.status()).toBe(400);
  const ne = (await nd.json()).error;
  expect(ne.details[0].path).toBe("records[17].label");
  expect(ne.message).toContain("line 19");

  const missing = compasRecords().slice(0, 5) as unknown[];
  missing[3] = { label: 1, prediction: 1, attributes: { race: "Caucasian" } };
  const m = await contributor.post(base, { data: { ...header, records: missing } });
  expect(m.status()).toBe(400);
  expect((await m.json()).error.details[0].path).toBe("records[3].attributes.sex");

  const badRef = await contributor.post(base, {
    data: { ...header, referenceGroups: { race: "Nobody" }, records: compasRecords().slice(0, 5) },
  });
  expect(badRef.status()).toBe(400);
  expect((await badRef.json()).error.details[0].path).toBe("referenceGroups.race");
  expect(await auditCount()).toBe(before);
});

test("a viewer, a read-only token and an anonymous caller cannot post; everyone signed in reads", async () => {
  const before = await auditCount();
  const body = { data: { ...header, records: compasRecords().slice(0, 10) } };
  const v = await viewer.post(base, body);
  expect(v.status()).toBe(403);
  expect((await v.json()).error.code).toBe("forbidden");
  const readOnly = await apiAs(E2E.users.contributor, ["read"]);
  const r = await readOnly.post(base, body);
  expect(r.status()).toBe(403);
  expect((await r.json()).error.message).toContain("'write' scope");
  const ndViewer = await viewer.post(base, {
    headers: { "content-type": "application/x-ndjson" },
    data: Buffer.from(ndjson(header, compasRecords().slice(0, 10))),
  });
  expect(ndViewer.status()).toBe(403);
  const anon = await anonymousApi();
  expect((await anon.post(base, body)).status()).toBe(401);
  expect((await anon.get("/api/v1/bias-audits/00000000-0000-4000-8000-000000000000")).status()).toBe(401);
  await Promise.all([readOnly.dispose(), anon.dispose()]);
  expect(await auditCount()).toBe(before);
});

test("wrong content type is 415, an unknown version or audit 404", async () => {
  const t = await contributor.post(base, { headers: { "content-type": "text/csv" }, data: "label,prediction\n1,1\n" });
  expect(t.status()).toBe(415);
  expect((await t.json()).error.code).toBe("unsupported_media_type");
  expect(
    (
      await contributor.post(`/api/v1/models/${model}/versions/9.9.9/bias-audits`, {
        data: { ...header, records: compasRecords().slice(0, 3) },
      })
    ).status(),
  ).toBe(404);
  expect((await viewer.get("/api/v1/bias-audits/00000000-0000-4000-8000-000000000000")).status()).toBe(404);
  expect((await viewer.get("/api/v1/bias-audits/not-an-id")).status()).toBe(404);
});

test("the group table downloads as CSV with formula cells neutralised", async () => {
  const res = await contributor.post(base, {
    data: {
      ...header,
      sensitiveAttributes: ["group"],
      referenceGroups: {},
      counts: [
        { attributes: { group: '=HYPERLINK("http://x")' }, tp: 10, fp: 5, tn: 20, fn: 5 },
        { attributes: { group: "plain" }, tp: 20, fp: 10, tn: 40, fn: 10 },
      ],
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  const { id } = await res.json();
  const csv = await viewer.get(`/api/v1/bias-audits/${id}?format=csv`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect(csv.headers()["content-disposition"]).toContain("attachment");
  const lines = (await csv.text()).trimEnd().split("\r\n");
  expect(lines[0]).toMatch(/^attribute,group,reference,n,tp,fp,tn,fn,selectionRate,/);
  expect(lines[1]).toMatch(/^group,plain,true,80,20,10,40,10,0\.375,/);
  expect(lines[2]).toMatch(/^group,"'=HYPERLINK\(""http:\/\/x""\)",false,40,10,5,20,5,0\.375,/);
});

test("the OpenAPI document lists the bias-audit endpoints, and a stored audit has exactly the documented fields", async () => {
  const doc = await (await viewer.get("/api/v1/openapi.json")).json();
  expect(Object.keys(doc.paths["/api/v1/models/{name}/versions/{version}/bias-audits"])).toEqual(["post"]);
  expect(Object.keys(doc.paths["/api/v1/bias-audits/{id}"])).toEqual(["get"]);
  expect(Object.keys(doc.paths["/api/v1/models/{name}/versions/{version}/bias-audits"].post.requestBody.content).sort()).toEqual([
    "application/json",
    "application/x-ndjson",
  ]);
  const all = compasRecords();
  const res = await contributor.post(base, { data: { ...header, records: [...all.slice(0, 60), ...all.slice(-60)] } });
  expect(res.status(), await res.text()).toBe(201);
  const audit = await res.json();
  const schemas = doc.components.schemas;
  expect(Object.keys(audit).sort()).toEqual(Object.keys(schemas.BiasAudit.properties).sort());
  expect(schemas.BiasAudit.required.filter((k: string) => !(k in audit))).toEqual([]);
  for (const g of [...audit.groups, ...audit.intersections.groups])
    expect(Object.keys(g).sort()).toEqual(Object.keys(schemas.BiasGroup.properties).sort());
  for (const s of Object.values(audit.summary) as object[])
    expect(Object.keys(s).sort()).toEqual(Object.keys(schemas.BiasSummary.properties).sort());
  expect(Object.keys(audit.config).sort()).toEqual(Object.keys(schemas.BiasAudit.properties.config.properties).sort());
});
