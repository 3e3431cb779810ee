// API.md "Conventions": errors, credentials, body limits, content type, Idempotency-Key, list parameters.
import http from "node:http";
import { type APIRequestContext, expect, test } from "@playwright/test";
import { E2E } from "../env";
import { BASE, tokenFor } from "../fixtures";
import {
  adminApi,
  anonymousApi,
  auditEntries,
  auditHead,
  bearerApi,
  detailPaths,
  disposeAll,
  expectError,
  expectStatus,
  newModel,
  type Role,
  roleClients,
  unique,
} from "./support";

let admin: APIRequestContext;
let as: Record<Role, APIRequestContext>;

test.beforeAll(async () => {
  admin = await adminApi();
  as = await roleClients();
});
test.afterAll(async () => disposeAll(admin, as));

const validModel = () => ({ name: unique("conv"), owner: E2E.users.contributor, riskTier: "low" });

test.describe("400: invalid input names each bad field", () => {
  test("riskTier outside the four tiers is refused at path riskTier", async () => {
    const res = await as.contributor.post("/api/v1/models", { data: { ...validModel(), riskTier: "extreme" } });
    expect(await detailPaths(res)).toEqual(["riskTier"]);
  });

  test("an unknown field is refused, named by its path", async () => {
    const res = await as.contributor.post("/api/v1/models", { data: { ...validModel(), colour: "blue" } });
    const e = await expectError(res, 400, "invalid_request");
    expect(e.details).toEqual([{ path: "colour", message: "is not a known field" }]);
  });

  test("every bad field is listed, nested ones by JSON path", async () => {
    const res = await as.contributor.post("/api/v1/models", {
      data: { name: "Not A Slug", owner: "not-an-email", riskTier: "low", tags: ["ok", ""] },
    });
    expect((await detailPaths(res)).sort()).toEqual(["name", "owner", "tags[1]"]);
  });

  test("model names must be slugs: upper case, spaces, a leading dash, 129 characters are each refused", async () => {
    for (const name of ["Credit", "credit default", "-credit", "a".repeat(129), ""]) {
      const res = await as.contributor.post("/api/v1/models", { data: { ...validModel(), name } });
      expect(await detailPaths(res), name).toEqual(["name"]);
    }
    // The longest allowed name is 128 characters.
    const longest = `z${unique("n").replace(/[^a-z0-9]/g, "")}`.padEnd(128, "x");
    const ok = await as.contributor.post("/api/v1/models", { data: { ...validModel(), name: longest } });
    await expectStatus(ok, 201);
  });

  test("version names: a leading dot, a space, a slash and 65 characters are refused at path version", async () => {
    const m = await newModel(as.contributor);
    for (const version of [".1", "1 0", "1/0", "v".repeat(65)]) {
      const res = await as.contributor.post(`/api/v1/models/${m.name}/versions`, { data: { version } });
      expect(await detailPaths(res), version).toEqual(["version"]);
    }
    const nested = await as.contributor.post(`/api/v1/models/${m.name}/versions`, {
      data: { version: "1.0.0", trainingRunId: "run-7", inputs: [{ namespace: "s3://b" }], metrics: { auc: "0.9" } },
    });
    expect((await detailPaths(nested)).sort()).toEqual(["inputs[0].name", "metrics.auc", "trainingRunId"]);
  });

  test("a body that is not JSON, or is empty, is 400 at path body", async () => {
    const bad = await as.contributor.post("/api/v1/models", { data: "{not json", headers: { "content-type": "application/json" } });
    expect(await detailPaths(bad)).toEqual(["body"]);
    const empty = await as.contributor.post("/api/v1/models", { data: "", headers: { "content-type": "application/json" } });
    expect(await detailPaths(empty)).toEqual(["body"]);
  });

  test("list parameters: limit must be 1–500 and a cursor must be one the server gave out", async () => {
    expect(await detailPaths(await as.viewer.get("/api/v1/models?limit=501"))).toEqual(["limit"]);
    expect(await detailPaths(await as.viewer.get("/api/v1/models?limit=0"))).toEqual(["limit"]);
    expect(await detailPaths(await as.viewer.get("/api/v1/models?cursor=bm9wZQ"))).toEqual(["cursor"]);
    expect(await detailPaths(await as.viewer.get("/api/v1/models?sort=owner"))).toEqual(["sort"]);
    await expectStatus(await as.viewer.get("/api/v1/models?limit=500"), 200);
    await expectStatus(await as.viewer.get("/api/v1/models?limit=1"), 200);
  });
});

test.describe("401 and 403", () => {
  test("no token is 401 unauthenticated", async () => {
    const anon = await anonymousApi();
    await expectError(await anon.get("/api/v1/me"), 401, "unauthenticated");
    await expectError(await anon.post("/api/v1/models", { data: validModel() }), 401, "unauthenticated");
    await anon.dispose();
  });

  test("an unknown token, and an Authorization header that is not Bearer, are 401", async () => {
    const bad = await bearerApi("stw_this-token-was-never-issued-0000000000000");
    await expectError(await bad.get("/api/v1/me"), 401, "unauthenticated");
    await bad.dispose();
    const anon = await anonymousApi();
    await expectError(await anon.get("/api/v1/me", { headers: { authorization: `Basic ${Buffer.from("a:b").toString("base64")}` } }), 401);
    await anon.dispose();
  });

  test("a viewer's write is 403 and stores nothing", async () => {
    const data = validModel();
    const before = await auditHead(admin);
    await expectError(await as.viewer.post("/api/v1/models", { data }), 403, "forbidden");
    expect(await auditHead(admin)).toBe(before);
    await expectError(await as.viewer.get(`/api/v1/models/${data.name}`), 404, "not_found");
  });

  test("404 for a model or version that does not exist", async () => {
    await expectError(await as.viewer.get(`/api/v1/models/${unique("missing")}`), 404, "not_found");
    await expectError(await as.viewer.get("/api/v1/models/credit-default/versions/9.9.9"), 404, "not_found");
    await expectError(
      await as.contributor.post(`/api/v1/models/${unique("missing")}/versions`, { data: { version: "1" } }),
      404,
      "not_found",
    );
  });
});

test.describe("413 and 415", () => {
  test("an 11 MB body is 413 payload_too_large and stores nothing", async () => {
    const name = unique("big");
    const prefix = JSON.stringify({ ...validModel(), name, description: "" }).slice(0, -2);
    const size = 11 * 1024 * 1024;
    const body = `${prefix}${"x".repeat(size - prefix.length - 2)}"}`;
    expect(body.length).toBe(11_534_336);
    const before = await auditHead(admin);
    const res = await as.contributor.post("/api/v1/models", { data: body, headers: { "content-type": "application/json" } });
    await expectError(res, 413, "payload_too_large");
    expect(await auditHead(admin)).toBe(before);
    await expectStatus(await as.viewer.get(`/api/v1/models/${name}`), 404);
  });

  test("an 11 MB body sent chunked, without Content-Length, is 413 too", async () => {
    const token = await tokenFor(E2E.users.contributor);
    const chunk = Buffer.alloc(64 * 1024, "x".charCodeAt(0));
    const total = 11 * 1024 * 1024;
    const result = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(`${BASE}/api/v1/models`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "transfer-encoding": "chunked" },
      });
      let answered = false;
      req.on("response", (res) => {
        answered = true;
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (d) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on("error", (e) => {
        if (!answered) reject(e);
      });
      (async () => {
        req.write('{"name":"chunked","owner":"a@example.com","riskTier":"low","description":"');
        for (let sent = 0; sent < total && !answered; sent += chunk.length) {
          if (!req.write(chunk)) await new Promise((r) => req.once("drain", r));
        }
        if (!answered) req.end('"}');
      })().catch(() => {});
    });
    expect(result.status, result.body).toBe(413);
    expect(JSON.parse(result.body).error.code).toBe("payload_too_large");
  });

  test("a text/plain body is 415 unsupported_media_type", async () => {
    const res = await as.contributor.post("/api/v1/models", {
      data: JSON.stringify(validModel()),
      headers: { "content-type": "text/plain" },
    });
    await expectError(res, 415, "unsupported_media_type");
  });
});

test.describe("Idempotency-Key", () => {
  async function countNamed(name: string) {
    const res = await as.viewer.get(`/api/v1/models?q=${name}&limit=500`);
    await expectStatus(res, 200);
    return (await res.json()).items.filter((m: { name: string }) => m.name === name).length;
  }

  test("a retry with the same key and body returns the first response and stores nothing twice", async () => {
    const key = unique("idem");
    const data = { ...validModel(), tags: ["a", "b"], title: "Idempotent" };
    const seq0 = await auditHead(admin);
    const first = await as.contributor.post("/api/v1/models", { data, headers: { "idempotency-key": key } });
    await expectStatus(first, 201);
    const seq1 = await auditHead(admin);
    expect(seq1).toBe(seq0 + 1);

    const again = await as.contributor.post("/api/v1/models", { data, headers: { "idempotency-key": key } });
    expect(again.status()).toBe(201);
    expect(await again.json()).toEqual(await first.json());
    expect(again.headers()["idempotent-replayed"]).toBe("true");
    expect(await auditHead(admin)).toBe(seq1);
    expect(await countNamed(data.name)).toBe(1);
    const created = await auditEntries(admin, { action: "model.created", entityId: data.name });
    expect(created).toHaveLength(1);

    // Without the key the same body is a second attempt: the name exists.
    await expectError(await as.contributor.post("/api/v1/models", { data }), 409, "exists");
    expect(await auditHead(admin)).toBe(seq1);
  });

  test("the same key with a different body is 409 and stores nothing", async () => {
    const key = unique("idem");
    await expectStatus(await as.contributor.post("/api/v1/models", { data: validModel(), headers: { "idempotency-key": key } }), 201);
    const other = validModel();
    const before = await auditHead(admin);
    await expectError(
      await as.contributor.post("/api/v1/models", { data: other, headers: { "idempotency-key": key } }),
      409,
      "idempotency_key_reused",
    );
    expect(await auditHead(admin)).toBe(before);
    expect(await countNamed(other.name)).toBe(0);
  });

  test("a refused first attempt is not remembered: the corrected retry under the same key succeeds", async () => {
    const key = unique("idem");
    const data = validModel();
    await expectStatus(
      await as.contributor.post("/api/v1/models", { data: { ...data, riskTier: "extreme" }, headers: { "idempotency-key": key } }),
      400,
    );
    await expectStatus(await as.contributor.post("/api/v1/models", { data, headers: { "idempotency-key": key } }), 201);
    expect(await countNamed(data.name)).toBe(1);
  });

  test("keys belong to the caller: another user's identical key is a new request", async () => {
    const key = unique("idem");
    const p = await bearerApi(await tokenFor(E2E.users.contributor2));
    const a = validModel();
    const b = validModel();
    await expectStatus(await as.contributor.post("/api/v1/models", { data: a, headers: { "idempotency-key": key } }), 201);
    const second = await p.post("/api/v1/models", { data: b, headers: { "idempotency-key": key } });
    await expectStatus(second, 201);
    expect((await second.json()).name).toBe(b.name);
    await p.dispose();
  });

  test("a key that is not 1–200 visible ASCII characters is 400", async () => {
    const res = await as.contributor.post("/api/v1/models", { data: validModel(), headers: { "idempotency-key": "k".repeat(201) } });
    expect(await detailPaths(res)).toEqual(["Idempotency-Key"]);
  });
});

test("every response carries a request id", async () => {
  const ok = await as.viewer.get("/api/v1/me");
  const err = await as.viewer.get(`/api/v1/models/${unique("missing")}`);
  expect(ok.headers()["x-request-id"]).toMatch(/^[\w.-]{8,}$/);
  expect(err.headers()["x-request-id"]).toMatch(/^[\w.-]{8,}$/);
  expect(err.headers()["x-request-id"]).not.toBe(ok.headers()["x-request-id"]);
});
