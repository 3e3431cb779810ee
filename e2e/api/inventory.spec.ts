// API.md "Inventory": models, versions, evaluations, retirement; who may change what; one audit entry per change.
import { type APIRequestContext, expect, test } from "@playwright/test";
import { E2E } from "../env";
import { apiAs } from "../fixtures";
import {
  adminApi,
  detailPaths,
  disposeAll,
  expectError,
  expectNoAuditEntry,
  expectOneAuditEntry,
  expectStatus,
  newModel,
  newVersion,
  type Role,
  roleClients,
  unique,
} from "./support";

let admin: APIRequestContext;
let as: Record<Role, APIRequestContext>;
let priya: APIRequestContext;

test.beforeAll(async () => {
  admin = await adminApi();
  as = await roleClients();
  priya = await apiAs(E2E.users.contributor2);
});
test.afterAll(async () => disposeAll(admin, as, priya));

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

test.describe("models", () => {
  test("POST registers a model: 201 with every field, no versions yet, one model.created entry", async () => {
    const name = unique("reg");
    const data = {
      name,
      title: "Loan approval",
      description: "Approves small loans.",
      owner: "Contributor@Example.com",
      maintainers: ["Priya@Example.com", "priya@example.com"],
      team: "credit-risk",
      riskTier: "high",
      useCase: "Lending",
      runbookUrl: "https://runbooks.example.com/loan-approval",
      tags: ["lending", "tabular", "lending"],
    };
    const { res, entry } = await expectOneAuditEntry(admin, () => as.contributor.post("/api/v1/models", { data }), {
      status: 201,
      action: "model.created",
      entityType: "model",
      entityId: name,
      actorEmail: E2E.users.contributor,
    });
    const body = await res.json();
    expect(body).toEqual({
      name,
      title: "Loan approval",
      description: "Approves small loans.",
      owner: "contributor@example.com",
      maintainers: [E2E.users.contributor2],
      team: "credit-risk",
      riskTier: "high",
      useCase: "Lending",
      runbookUrl: "https://runbooks.example.com/loan-approval",
      tags: ["lending", "tabular"],
      stage: null,
      latestVersion: null,
      productionVersion: null,
      versionCount: 0,
      createdBy: E2E.users.contributor,
      createdAt: expect.stringMatching(ISO_UTC),
      updatedAt: expect.stringMatching(ISO_UTC),
    });
    expect(entry.before).toBeNull();
    expect(entry.after).toEqual(body);
    expect(entry.actor.type).toBe("token");

    const detail = await as.viewer.get(`/api/v1/models/${name}`);
    await expectStatus(detail, 200);
    expect(await detail.json()).toEqual({ ...body, versions: [], latestBiasAudit: null, openReleases: [] });
  });

  test("a name that exists is 409 exists, and stores nothing", async () => {
    const m = await newModel(as.contributor);
    const res = await expectNoAuditEntry(
      admin,
      () => priya.post("/api/v1/models", { data: { name: m.name, owner: E2E.users.contributor2, riskTier: "low" } }),
      409,
    );
    await expectError(res, 409, "exists");
    expect((await (await as.viewer.get(`/api/v1/models/${m.name}`)).json()).owner).toBe(E2E.users.contributor);
  });

  test("the owner PATCHes title, description, team and tags: 200, one model.updated entry with before and after", async () => {
    const m = await newModel(as.contributor, { title: "Old", tags: ["a"] });
    const { res, entry } = await expectOneAuditEntry(
      admin,
      () =>
        as.contributor.patch(`/api/v1/models/${m.name}`, {
          data: { title: "New", description: "Now described", team: "growth", tags: ["b", "c"] },
        }),
      { status: 200, action: "model.updated", entityType: "model", entityId: m.name, actorEmail: E2E.users.contributor },
    );
    const body = await res.json();
    expect(body).toMatchObject({
      name: m.name,
      title: "New",
      description: "Now described",
      team: "growth",
      tags: ["b", "c"],
      riskTier: "medium",
    });
    expect(Date.parse(body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(m.updatedAt));
    expect(entry.before).toMatchObject({ title: "Old", tags: ["a"], description: null });
    expect(entry.after).toMatchObject({ title: "New", tags: ["b", "c"] });

    // null clears a text field.
    const cleared = await as.contributor.patch(`/api/v1/models/${m.name}`, { data: { description: null } });
    expect((await cleared.json()).description).toBeNull();
    expect(await detailPaths(await as.contributor.patch(`/api/v1/models/${m.name}`, { data: { name: "rename" } }))).toEqual(["name"]);
  });

  test("separation: the owner cannot change the risk tier (403); compliance can (200); both leave the right trail", async () => {
    const m = await newModel(as.contributor, { riskTier: "high" });
    const url = `/api/v1/models/${m.name}`;
    const refused = await expectNoAuditEntry(admin, () => as.contributor.patch(url, { data: { riskTier: "low" } }), 403);
    await expectError(refused, 403, "forbidden");
    // Mixed with fields the owner may change, the whole request is refused: nothing is half-applied.
    await expectNoAuditEntry(admin, () => as.contributor.patch(url, { data: { title: "T", riskTier: "low" } }), 403);
    expect((await (await as.viewer.get(url)).json()).title).toBeNull();

    const { res, entry } = await expectOneAuditEntry(admin, () => as.compliance.patch(url, { data: { riskTier: "critical" } }), {
      status: 200,
      action: "model.updated",
      entityType: "model",
      entityId: m.name,
      actorEmail: E2E.users.compliance,
    });
    expect((await res.json()).riskTier).toBe("critical");
    expect(entry.before).toMatchObject({ riskTier: "high" });
    expect(entry.after).toMatchObject({ riskTier: "critical" });

    // Compliance sets the tier only; the rest of the card stays the owner's.
    await expectNoAuditEntry(admin, () => as.compliance.patch(url, { data: { title: "Compliance title" } }), 403);
    // Setting the tier it already has is no change, so the owner may send it.
    await expectStatus(await as.contributor.patch(url, { data: { riskTier: "critical", title: "Same tier" } }), 200);
    // An admin may do both.
    const byAdmin = await admin.patch(url, { data: { riskTier: "medium", title: "Admin" } });
    await expectStatus(byAdmin, 200);
    expect(await byAdmin.json()).toMatchObject({ riskTier: "medium", title: "Admin" });
  });

  test("anyone else's PATCH is 403: a viewer, a reviewer, another contributor", async () => {
    const m = await newModel(as.contributor);
    for (const c of [as.viewer, as.reviewer, priya]) {
      await expectError(
        await expectNoAuditEntry(admin, () => c.patch(`/api/v1/models/${m.name}`, { data: { title: "Mine now" } }), 403),
        403,
      );
    }
    await expectError(await as.contributor.patch(`/api/v1/models/${unique("ghost")}`, { data: { title: "x" } }), 404, "not_found");
  });
});

test.describe("versions and evaluations", () => {
  test("POST a version: 201 in development, one version.created entry; the model shows it", async () => {
    // Registered by a maintainer of the model (the owner, a maintainer or an admin registers versions).
    const m = await newModel(as.contributor, { maintainers: [E2E.users.contributor2] });
    const data = {
      version: "2.0.0+build.7",
      description: "First cut",
      artifactUri: "s3://models/x/2.0.0/model.bin",
      framework: "xgboost",
      gitCommit: "abc1234",
      trainingRunId: "0b6c2b1e-1f7a-4d53-9a6c-2b1f7a4d539a",
      inputs: [{ namespace: "postgres://warehouse:5432", name: "features.loans" }],
      metrics: { auc: 0.91, logloss: 0.3 },
      params: { depth: 6, eta: 0.1 },
      signature: { inputs: [{ name: "age", type: "int" }], outputs: [{ name: "p", type: "float" }] },
    };
    const { res, entry } = await expectOneAuditEntry(admin, () => priya.post(`/api/v1/models/${m.name}/versions`, { data }), {
      status: 201,
      action: "version.created",
      entityType: "version",
      entityId: `${m.name}/2.0.0+build.7`,
      actorEmail: E2E.users.contributor2,
    });
    const v = await res.json();
    expect(v).toEqual({
      model: m.name,
      ...data,
      stage: "development",
      stageChangedAt: expect.stringMatching(ISO_UTC),
      retiredReason: null,
      createdBy: E2E.users.contributor2,
      createdAt: expect.stringMatching(ISO_UTC),
    });
    expect(entry.after).toEqual(v);

    // The version name holds a '+': it must survive the URL.
    const one = await as.viewer.get(`/api/v1/models/${m.name}/versions/${encodeURIComponent("2.0.0+build.7")}`);
    await expectStatus(one, 200);
    expect(await one.json()).toEqual({ ...v, card: null, evaluations: [], audits: [], releases: [], deployments: [] });

    const model = await (await as.viewer.get(`/api/v1/models/${m.name}`)).json();
    expect(model).toMatchObject({ latestVersion: "2.0.0+build.7", stage: "development", productionVersion: null, versionCount: 1 });

    await expectError(
      await expectNoAuditEntry(
        admin,
        () => as.contributor.post(`/api/v1/models/${m.name}/versions`, { data: { version: "2.0.0+build.7" } }),
        409,
      ),
      409,
      "exists",
    );
  });

  test("versions list newest first, in the model and in GET .../versions", async () => {
    const m = await newModel(as.contributor);
    for (const version of ["1.0", "1.1", "2.0"]) await newVersion(as.contributor, m.name, version);
    const list = await as.viewer.get(`/api/v1/models/${m.name}/versions`);
    await expectStatus(list, 200);
    const page = await list.json();
    expect(page.nextCursor).toBeNull();
    expect(page.items.map((v: { version: string }) => v.version)).toEqual(["2.0", "1.1", "1.0"]);
    const model = await (await as.viewer.get(`/api/v1/models/${m.name}`)).json();
    expect(model.versions.map((v: { version: string }) => v.version)).toEqual(["2.0", "1.1", "1.0"]);
    expect(model).toMatchObject({ latestVersion: "2.0", versionCount: 3 });
    await expectError(await as.viewer.get(`/api/v1/models/${unique("ghost")}/versions`), 404, "not_found");
  });

  test("the seeded credit-default model: four versions newest first, 1.1.0 in production", async () => {
    const res = await as.viewer.get("/api/v1/models/credit-default");
    await expectStatus(res, 200);
    const m = await res.json();
    expect(m.versions.map((v: { version: string; stage: string }) => [v.version, v.stage])).toEqual([
      ["1.3.0-rc1", "development"],
      ["1.2.0", "staging"],
      ["1.1.0", "production"],
      ["1.0.0", "archived"],
    ]);
    expect(m).toMatchObject({
      productionVersion: "1.1.0",
      latestVersion: "1.3.0-rc1",
      stage: "development",
      versionCount: 4,
      riskTier: "critical",
    });
  });

  test("POST an evaluation: 201, one evaluation.created entry; listed on the version and in GET .../evaluations", async () => {
    const m = await newModel(as.contributor);
    await newVersion(as.contributor, m.name, "1.0.0");
    const url = `/api/v1/models/${m.name}/versions/1.0.0/evaluations`;
    const data = { dataset: "holdout-2026Q4", metrics: { auc: 0.875, f1: 0.5 }, slice: "region=EU" };
    const { res, entry } = await expectOneAuditEntry(admin, () => as.contributor.post(url, { data }), {
      status: 201,
      action: "evaluation.created",
      entityType: "evaluation",
      actorEmail: E2E.users.contributor,
    });
    const ev = await res.json();
    expect(ev).toEqual({ id: expect.any(String), ...data, createdBy: E2E.users.contributor, createdAt: expect.stringMatching(ISO_UTC) });
    expect(entry.entity.id).toBe(ev.id);
    expect(entry.after).toMatchObject({ model: m.name, version: "1.0.0", dataset: "holdout-2026Q4" });

    const list = await as.viewer.get(url);
    await expectStatus(list, 200);
    expect(await list.json()).toEqual({ items: [ev], nextCursor: null });
    expect((await (await as.viewer.get(`/api/v1/models/${m.name}/versions/1.0.0`)).json()).evaluations).toEqual([ev]);

    expect(await detailPaths(await as.contributor.post(url, { data: { dataset: "d", metrics: {} } }))).toEqual(["metrics"]);
    expect(await detailPaths(await as.contributor.post(url, { data: { dataset: "", metrics: { auc: 1 } } }))).toEqual(["dataset"]);
    expect(await detailPaths(await as.contributor.post(url, { data: { dataset: "d", metrics: { auc: "high" } } }))).toEqual([
      "metrics.auc",
    ]);
    await expectError(await as.contributor.post(`/api/v1/models/${m.name}/versions/9.9/evaluations`, { data }), 404, "not_found");
    await expectError(await as.viewer.get(`/api/v1/models/${m.name}/versions/9.9/evaluations`), 404, "not_found");
  });
});

test.describe("retire", () => {
  test("the owner retires a version: 200 retired with the reason, one version.retired entry; again is 409", async () => {
    const m = await newModel(as.contributor);
    await newVersion(as.contributor, m.name, "1.0.0");
    const url = `/api/v1/models/${m.name}/versions/1.0.0/retire`;
    const { res, entry } = await expectOneAuditEntry(admin, () => as.contributor.post(url, { data: { reason: "Superseded by 2.0" } }), {
      status: 200,
      action: "version.retired",
      entityType: "version",
      entityId: `${m.name}/1.0.0`,
      actorEmail: E2E.users.contributor,
    });
    expect(await res.json()).toMatchObject({ version: "1.0.0", stage: "retired", retiredReason: "Superseded by 2.0" });
    expect(entry.before).toMatchObject({ stage: "development", retiredReason: null });
    expect(entry.after).toMatchObject({ stage: "retired" });
    expect((await (await as.viewer.get(`/api/v1/models/${m.name}`)).json()).stage).toBe("retired");

    await expectError(await expectNoAuditEntry(admin, () => as.contributor.post(url, { data: { reason: "again" } }), 409), 409);
    expect(await detailPaths(await as.contributor.post(url, { data: { reason: " " } }))).toEqual(["reason"]);
  });

  test("a version in production cannot be retired (422 in_production), even by an admin", async () => {
    const url = "/api/v1/models/credit-default/versions/1.1.0/retire";
    await expectError(
      await expectNoAuditEntry(admin, () => as.contributor.post(url, { data: { reason: "withdraw" } }), 422),
      422,
      "in_production",
    );
    await expectError(await expectNoAuditEntry(admin, () => admin.post(url, { data: { reason: "withdraw" } }), 422), 422, "in_production");
    const v = await (await as.viewer.get("/api/v1/models/credit-default/versions/1.1.0")).json();
    expect(v.stage).toBe("production");
  });

  test("a contributor who does not own the model cannot retire its versions (403); an admin can", async () => {
    const m = await newModel(priya, { owner: E2E.users.contributor2 });
    await newVersion(priya, m.name, "0.1");
    const url = `/api/v1/models/${m.name}/versions/0.1/retire`;
    await expectError(
      await expectNoAuditEntry(admin, () => as.contributor.post(url, { data: { reason: "not mine" } }), 403),
      403,
      "forbidden",
    );
    await expectError(await expectNoAuditEntry(admin, () => as.compliance.post(url, { data: { reason: "no" } }), 403), 403);
    await expectOneAuditEntry(admin, () => admin.post(url, { data: { reason: "Withdrawn by the admin" } }), {
      status: 200,
      action: "version.retired",
      entityType: "version",
      entityId: `${m.name}/0.1`,
      actorEmail: E2E.users.admin,
    });
    // The seeded recidivism-risk belongs to priya: its development version is not contributor@'s to retire.
    await expectError(await as.contributor.post("/api/v1/models/recidivism-risk/versions/2.2/retire", { data: { reason: "x" } }), 403);
  });
});
