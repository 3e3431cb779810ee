// GET /api/v1/webhooks/schemas against real deliveries: a receiver subscribed to every event gets one of each kind
// (a release requested, approved, rejected, returned for changes, resubmitted, cancelled; a rollback requested and
// done; an upstream schema change; a pipeline failure's alert fired and resolved; the test event), and each body must
// validate against its event's schema (ajv, draft 2020-12; every object closed, so a field the schema does not
// describe fails too). README's signature snippet is run, as written there, against those deliveries.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { type APIRequestContext, expect, test } from "@playwright/test";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { FULL_CARD } from "../../lib/cards/fixtures/cards";
import { type Received, type Receiver, startReceiver } from "../../tests/webhook-receiver";
import { E2E } from "../env";
import { adminApi, apiAs, unique } from "../fixtures";
import { expectStatus } from "./support";

const U = E2E.users;
let receiver: Receiver;

test.beforeAll(async () => {
  receiver = await startReceiver();
});
test.afterAll(() => receiver.close());

async function ok(res: Promise<import("@playwright/test").APIResponse>, status = 200) {
  const r = await res;
  await expectStatus(r, status);
  return r.json();
}

/** Every object schema closed (additionalProperties: false), recursively: the published ones are open on purpose. */
function closed(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closed);
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = closed(v);
  if (out.type === "object" && out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

/** A medium-risk model of the contributor's with a version and the evidence a production release needs. */
async function modelWithEvidence(chen: APIRequestContext, versions: string[]) {
  const name = unique("wh-schema");
  await ok(chen.post("/api/v1/models", { data: { name, owner: U.contributor, riskTier: "medium" } }), 201);
  for (const v of versions) {
    await ok(chen.post(`/api/v1/models/${name}/versions`, { data: { version: v } }), 201);
    await ok(chen.put(`/api/v1/models/${name}/versions/${v}/card`, { data: FULL_CARD }));
    await ok(chen.post(`/api/v1/models/${name}/versions/${v}/evaluations`, { data: { dataset: "holdout", metrics: { auc: 0.9 } } }), 201);
  }
  return name;
}

test("every webhook event's real delivery validates against its published schema, and README's snippet verifies its signature", async () => {
  test.setTimeout(240_000);
  const admin = await adminApi();
  const chen = await apiAs(U.contributor);
  const rafael = await apiAs(U.reviewer);
  const samira = await apiAs(U.reviewer2);
  const viewer = await apiAs(U.viewer, ["read"]);
  const hook = await ok(
    admin.post("/api/v1/webhooks", { data: { name: unique("schemas"), url: `${receiver.url}/all`, events: ["*"] } }),
    201,
  );
  const secret: string = hook.secret;
  try {
    const request = (model: string, version: string, targetStage = "production") =>
      ok(chen.post("/api/v1/releases", { data: { model, version, targetStage, summary: `Release ${version}` } }), 201);
    const decide = (api: APIRequestContext, id: string, decision: string) =>
      ok(api.post(`/api/v1/releases/${id}/decisions`, { data: { decision, comment: `${decision}: checked` } }));

    // requested, approved (1.0 to production), then 2.0 replaces it, and a rollback puts 1.0 back.
    const m = await modelWithEvidence(chen, ["1.0", "2.0", "3.0", "4.0"]);
    const r1 = await request(m, "1.0");
    await decide(rafael, r1.id, "approve");
    const r2 = await request(m, "2.0");
    await decide(rafael, r2.id, "approve");
    const rb = await ok(rafael.post(`/api/v1/models/${m}/rollback`, { data: { reason: "Error rate tripled after 2.0" } }), 201);
    await decide(samira, rb.id, "approve");
    // rejected; changes requested, resubmitted, cancelled.
    await decide(rafael, (await request(m, "3.0", "staging")).id, "reject");
    const r4 = await request(m, "4.0", "staging");
    await decide(rafael, r4.id, "request_changes");
    await ok(chen.post(`/api/v1/releases/${r4.id}/resubmit`, { data: { comment: "Added the slice analysis" } }));
    await ok(chen.post(`/api/v1/releases/${r4.id}/cancel`, { data: { reason: "Superseded" } }));

    // An upstream schema change: the same dataset written twice, a column renamed.
    const ns = unique("wh-ns");
    const write = (day: number, fields: { name: string; type: string }[]) => ({
      eventType: "COMPLETE",
      eventTime: `2026-11-${day}T10:00:00Z`,
      producer: "https://example.com/etl",
      schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
      run: { runId: `0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a${day}` },
      job: { namespace: ns, name: "load" },
      inputs: [],
      outputs: [
        {
          namespace: ns,
          name: "orders",
          facets: {
            schema: {
              _producer: "https://example.com/etl",
              _schemaURL: "https://openlineage.io/spec/facets/1-1-1/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet",
              fields,
            },
          },
        },
      ],
    });
    await ok(
      chen.post("/api/v1/lineage", {
        data: [
          write(10, [
            { name: "id", type: "bigint" },
            { name: "amount", type: "numeric" },
          ]),
          write(11, [
            { name: "id", type: "bigint" },
            { name: "total", type: "numeric" },
          ]),
        ],
      }),
      201,
    );

    // A failed retraining run is a ticket (alert.fired) at the evaluator's next pass; a success resolves it.
    const started = new Date(Date.now() - 60_000).toISOString();
    await ok(
      chen.post("/api/v1/pipeline-runs", {
        data: {
          pipeline: "retrain",
          model: m,
          status: "failed",
          trigger: "manual",
          startedAt: started,
          finishedAt: new Date().toISOString(),
          message: "OOM",
        },
      }),
      201,
    );
    await ok(admin.post(`/api/v1/webhooks/${hook.id}/test`), 202);

    const byEvent = async (event: string, ms = 20_000) => {
      const started = Date.now();
      for (;;) {
        const got = receiver.received.filter((r) => r.body.event === event);
        if (got.length) return got;
        if (Date.now() - started > ms) throw new Error(`no ${event} delivered within ${ms} ms`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    await byEvent("alert.fired", 90_000);
    const started2 = new Date().toISOString();
    await ok(
      chen.post("/api/v1/pipeline-runs", {
        data: { pipeline: "retrain", model: m, status: "succeeded", trigger: "manual", startedAt: started2, finishedAt: started2 },
      }),
      201,
    );
    await byEvent("alert.resolved", 90_000);
    // Compliance publishes a signed checkpoint of the trail now: audit.checkpoint.
    await ok(admin.post("/api/v1/audit/checkpoints", { data: {} }));
    // The model is in production and its owner has never attested: the reminders' next pass sends attestation.due.
    await byEvent("attestation.due", 90_000);

    // The published schemas, as a reader gets them.
    const published = await ok(viewer.get("/api/v1/webhooks/schemas"));
    const names = published.events.map((e: { event: string }) => e.event);
    expect(names).toEqual([
      "release.requested",
      "release.approved",
      "release.rejected",
      "release.changes_requested",
      "release.resubmitted",
      "release.cancelled",
      "release.rollback_requested",
      "release.rolled_back",
      "lineage.schema_changed",
      "alert.fired",
      "alert.resolved",
      "audit.checkpoint",
      "attestation.due",
      "webhook.test",
    ]);
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const validators = new Map(
      published.events.map((e: { event: string; schema: object }) => [e.event, ajv.compile(closed(e.schema) as object)]),
    );

    const checked = new Set<string>();
    for (const event of names) {
      const deliveries: Received[] = await byEvent(event);
      for (const d of deliveries) {
        const validate = validators.get(d.body.event) as ReturnType<typeof ajv.compile>;
        expect(validate(d.body), `${event}: ${JSON.stringify(validate.errors)}\n${d.raw.toString()}`).toBe(true);
        checked.add(event);
      }
    }
    expect(checked.size).toBe(14);
    // And a payload that breaks its schema is caught: the approval without its release.
    const approved = (await byEvent("release.approved"))[0].body;
    expect(
      (validators.get("release.approved") as ReturnType<typeof ajv.compile>)({
        ...approved,
        data: { decision: (approved.data as { decision: unknown }).decision },
      }),
    ).toBe(false);
    // Our model's events carry our model.
    const rolled = (await byEvent("release.rolled_back")).find((d) => (d.body.data as { release: { model: string } }).release.model === m);
    expect(rolled, `a release.rolled_back of ${m}`).toBeDefined();
    expect((rolled?.body.data as { release: { version: string; kind: string } } | undefined)?.release).toMatchObject({
      version: "1.0",
      kind: "rollback",
    });

    // README's verification snippet, run as written.
    const readme = fs.readFileSync("README.md", "utf8");
    const block = readme.split("<!-- webhook-signature:start -->")[1]?.split("<!-- webhook-signature:end -->")[0] ?? "";
    const code = block.replace(/^\s*```js\n/, "").replace(/```\s*$/, "");
    expect(code).toContain("export function verifySteward");
    const file = path.join(test.info().project.outputDir, `${unique("verify")}.mjs`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, code);
    const { verifySteward } = (await import(pathToFileURL(path.resolve(file)).href)) as {
      verifySteward: (s: string, raw: Buffer | string, sig: unknown) => boolean;
    };
    const real = receiver.received.filter((r) => r.path === "/all");
    expect(real.length).toBeGreaterThanOrEqual(12);
    for (const d of real) expect(verifySteward(secret, d.raw, d.headers["x-steward-signature"])).toBe(true);
    const one = real[0];
    const tampered = Buffer.from(one.raw.toString("utf8").replace('"event":"', '"event":"x'));
    expect(verifySteward(secret, tampered, one.headers["x-steward-signature"])).toBe(false);
    expect(verifySteward(`${secret}x`, one.raw, one.headers["x-steward-signature"])).toBe(false);
    expect(verifySteward(secret, one.raw, undefined)).toBe(false);
  } finally {
    await admin.delete(`/api/v1/webhooks/${hook.id}`);
    for (const c of [admin, chen, rafael, samira, viewer]) await c.dispose();
  }
});
