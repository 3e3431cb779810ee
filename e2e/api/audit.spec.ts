// API.md "Audit trail": pages, NDJSON and CSV exports, filters, the hash chain (re-computed here, independently),
// formula-injection neutralising, and who may read it.
import { createHash } from "node:crypto";
import { type APIRequestContext, expect, test } from "@playwright/test";
import { E2E } from "../env";
import {
  type AuditEntry,
  adminApi,
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

const ENTRY_KEYS = ["seq", "at", "actor", "action", "entity", "before", "after", "requestId", "prevHash", "hash"];
const CSV_HEADER = [
  "seq",
  "at",
  "actorType",
  "actorId",
  "actorEmail",
  "action",
  "entityType",
  "entityId",
  "before",
  "after",
  "requestId",
  "prevHash",
  "hash",
];

/** RFC 8785 canonical JSON for what the trail holds (objects, arrays, strings, finite numbers, booleans, null). */
function jcs(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(jcs).join(",")}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${jcs(o[k])}`)
    .join(",")}}`;
}

/** hash = sha256_hex(prevHash + "\n" + JCS(entry without "hash")), first prevHash 64 zeros, seq 1, 2, 3, … */
function verifyChain(entries: AuditEntry[]) {
  let prev = "0".repeat(64);
  const problems: string[] = [];
  entries.forEach((e, k) => {
    if (e.seq !== k + 1) problems.push(`entry ${k + 1} has seq ${e.seq}`);
    if (e.prevHash !== prev) problems.push(`prevHash of ${e.seq} is not the hash before it`);
    const { hash, ...rest } = e;
    if (
      createHash("sha256")
        .update(`${prev}\n${jcs(rest)}`)
        .digest("hex") !== hash
    )
      problems.push(`hash of ${e.seq} does not match its content`);
    prev = hash;
  });
  expect(problems).toEqual([]);
  expect(entries.length).toBeGreaterThan(100);
  return prev;
}

/** RFC 4180: quoted cells may hold commas, CR/LF and doubled quotes; records end in CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (c === '"') {
        quoted = false;
        i++;
        continue;
      }
      cell += c;
      i++;
      continue;
    }
    if (c === '"' && cell === "") {
      quoted = true;
      i++;
    } else if (c === ",") {
      row.push(cell);
      cell = "";
      i++;
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i += 2;
    } else {
      if (c === "\r" || c === "\n" || c === '"') throw new Error(`bare ${JSON.stringify(c)} outside quotes at ${i}`);
      cell += c;
      i++;
    }
  }
  if (quoted || cell !== "" || row.length !== 0) throw new Error("the CSV does not end with CRLF after a whole record");
  return rows;
}

const unneutralise = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

test("JSON pages: limit and cursor walk the trail in seq order; default page is 50", async () => {
  const p1 = await (await admin.get("/api/v1/audit?limit=10")).json();
  expect(p1.items.map((e: AuditEntry) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  expect(typeof p1.nextCursor).toBe("string");
  const p2 = await (await admin.get(`/api/v1/audit?limit=10&cursor=${encodeURIComponent(p1.nextCursor)}`)).json();
  expect(p2.items.map((e: AuditEntry) => e.seq)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);

  const dflt = await (await admin.get("/api/v1/audit")).json();
  expect(dflt.items).toHaveLength(50);
  expect(dflt.items[49].seq).toBe(50);
  expect(dflt.nextCursor).not.toBeNull();

  for (const e of p1.items) {
    expect(Object.keys(e)).toEqual(ENTRY_KEYS);
    expect(e.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(e.action).toMatch(/^[a-z_]+\.[a-z_]+$/);
    expect(["user", "token", "system"]).toContain(e.actor.type);
  }
  expect(p1.items[0].prevHash).toBe("0".repeat(64));
  expect(await detailPaths(await admin.get("/api/v1/audit?limit=501"))).toEqual(["limit"]);
  expect(await detailPaths(await admin.get("/api/v1/audit?format=xml"))).toEqual(["format"]);
  expect(await detailPaths(await admin.get("/api/v1/audit?from=yesterday"))).toEqual(["from"]);
});

test("the whole trail verifies when re-computed here, and /audit/verify agrees", async () => {
  await newModel(as.contributor, { title: 'Ünïcödé ✓ "quoted", with comma\nand newline', tags: ["z", "a"] });
  const verify = await (await admin.get("/api/v1/audit/verify")).json();
  const entries = await auditEntries(admin, {});
  const { published, ...chain } = verify;
  expect(chain).toEqual({ ok: true, entries: entries.length, head: { seq: entries.length, hash: verifyChain(entries) } });
  // The published checkpoints it was held to (the publisher's first round publishes one a few seconds after start).
  expect(published).toEqual({ checked: expect.any(Number), latestSize: published.checked ? expect.any(Number) : null });
});

test("NDJSON export: one entry a line, the same entries as the JSON pages, verifying by itself", async () => {
  const res = await as.compliance.get("/api/v1/audit?format=ndjson");
  await expectStatus(res, 200);
  expect(res.headers()["content-type"]).toContain("application/x-ndjson");
  expect(res.headers()["content-disposition"]).toContain("attachment");
  const text = await res.text();
  expect(text.endsWith("\n")).toBe(true);
  const lines = text.slice(0, -1).split("\n");
  const entries = lines.map((l) => JSON.parse(l) as AuditEntry);
  verifyChain(entries);
  expect(entries).toEqual(await auditEntries(admin, {}).then((all) => all.slice(0, entries.length)));
  expect(entries.length).toBe(await auditHead(admin));
});

test("CSV export: RFC 4180, one row per entry, the same values as NDJSON", async () => {
  await newModel(as.contributor, { title: 'He said "ship it", then\r\nleft' });
  const ndjson = (await (await admin.get("/api/v1/audit?format=ndjson")).text())
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as AuditEntry);
  const res = await admin.get("/api/v1/audit?format=csv");
  await expectStatus(res, 200);
  expect(res.headers()["content-type"]).toContain("text/csv");
  const rows = parseCsv(await res.text());
  expect(rows[0]).toEqual(CSV_HEADER);
  const body = rows.slice(1);
  expect(body.length).toBe(ndjson.length);
  // Each row, with a neutralising ' taken off again, is the entry's values in the header's order.
  const decoded = body.map((r) => r.map(unneutralise));
  const expected = ndjson.map((e) => [
    String(e.seq),
    e.at,
    e.actor.type,
    e.actor.id,
    e.actor.email ?? "",
    e.action,
    e.entity.type,
    e.entity.id,
    e.before === null ? "" : JSON.stringify(e.before),
    e.after === null ? "" : JSON.stringify(e.after),
    e.requestId ?? "",
    e.prevHash,
    e.hash,
  ]);
  expect(decoded.map((r) => r.length).filter((n) => n !== 13)).toEqual([]);
  // before/after compared as JSON values, the rest as text.
  const asValues = (rows: string[][]) => rows.map((r) => r.map((c, k) => ((k === 8 || k === 9) && c !== "" ? JSON.parse(c) : c)));
  expect(asValues(decoded)).toEqual(asValues(expected));
});

test("CSV neutralises formula injection: a cell starting with = + - @ tab or CR gets a leading '", async () => {
  // An email may start with + or - (the API refuses = and @ there); as the entity id and the actor's email it
  // lands at the start of a cell.
  const plus = `+cmd-${unique("x")}@example.com`;
  const minus = `-cmd-${unique("x")}@example.com`;
  for (const email of [plus, minus]) {
    await expectStatus(await admin.post("/api/v1/users", { data: { email, name: "=cmd|' /C calc'!A0", roles: ["viewer"] } }), 201);
  }
  // Minting needs a write-scoped credential (API.md, Trust rules).
  const issued = await (
    await admin.post(`/api/v1/users/${encodeURIComponent(plus)}/tokens`, { data: { name: "t", scopes: ["read", "write"] } })
  ).json();
  const attacker = await bearerApi(issued.token);
  await expectStatus(
    await attacker.post(`/api/v1/users/${encodeURIComponent(plus)}/tokens`, { data: { name: "=cmd", scopes: ["read"] } }),
    201,
  );
  await attacker.dispose();

  const rows = parseCsv(await (await admin.get("/api/v1/audit?format=csv&entityType=user")).text());
  const entityId = CSV_HEADER.indexOf("entityId");
  expect(
    rows.find((r) => r[entityId] === `'${plus}`),
    "user.created of +cmd",
  ).toBeTruthy();
  expect(
    rows.find((r) => r[entityId] === `'${minus}`),
    "user.created of -cmd",
  ).toBeTruthy();
  expect(rows.some((r) => r[entityId] === plus || r[entityId] === minus)).toBe(false);

  const byActor = parseCsv(await (await admin.get(`/api/v1/audit?format=csv&actor=${encodeURIComponent(plus)}`)).text());
  expect(byActor).toHaveLength(2);
  expect(byActor[1][CSV_HEADER.indexOf("actorEmail")]).toBe(`'${plus}`);
  expect(byActor[1][CSV_HEADER.indexOf("action")]).toBe("token.created");

  // The rule, over the whole export: no cell starts with a formula character unless it is neutralised.
  const every = parseCsv(await (await admin.get("/api/v1/audit?format=csv")).text());
  expect(every.flat().filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
  expect(every.length).toBeGreaterThan(100);
});

test("filters: action, entityType, entityId, actor (email or token id), from/to (a time without a zone is UTC)", async () => {
  const m = await newModel(as.contributor);
  await expectStatus(await as.contributor.patch(`/api/v1/models/${m.name}`, { data: { title: "t1" } }), 200);
  await expectStatus(await as.contributor.patch(`/api/v1/models/${m.name}`, { data: { title: "t2" } }), 200);

  const mine = await auditEntries(admin, { entityType: "model", entityId: m.name });
  expect(mine.map((e) => e.action)).toEqual(["model.created", "model.updated", "model.updated"]);
  expect(mine.map((e) => (e.after as { title: string | null }).title)).toEqual([null, "t1", "t2"]);
  expect(await auditEntries(admin, { entityId: m.name, action: "model.updated" })).toHaveLength(2);

  const tokenId = mine[0].actor.id;
  expect(mine[0].actor).toEqual({ type: "token", id: tokenId, email: E2E.users.contributor });
  const byToken = await auditEntries(admin, { actor: tokenId, entityId: m.name });
  expect(byToken).toHaveLength(3);
  const byEmail = await auditEntries(admin, { actor: E2E.users.contributor, entityId: m.name });
  expect(byEmail).toHaveLength(3);
  expect(await auditEntries(admin, { actor: E2E.users.viewer, entityId: m.name })).toHaveLength(0);

  // from/to are inclusive; "…T…" without a zone is the same instant in UTC.
  const second = mine[1].at;
  const window = await auditEntries(admin, { entityId: m.name, from: second, to: second.replace(/Z$/, "") });
  expect(window.map((e) => e.seq)).toEqual(mine.filter((e) => e.at === second).map((e) => e.seq));
  const later = await auditEntries(admin, { entityId: m.name, from: new Date(Date.parse(mine[2].at) + 1).toISOString() });
  expect(later).toHaveLength(0);

  const csv = parseCsv(await (await admin.get(`/api/v1/audit?format=csv&entityId=${m.name}&action=model.updated`)).text());
  expect(csv).toHaveLength(3);
  const nd = (await (await admin.get(`/api/v1/audit?format=ndjson&entityId=${m.name}`)).text()).trim().split("\n");
  expect(nd).toHaveLength(3);
});

test("only compliance and admin read the trail, in every format, and verify it", async () => {
  for (const role of ["viewer", "contributor", "reviewer"] as const) {
    for (const q of ["", "?format=ndjson", "?format=csv"]) {
      const res = await as[role].get(`/api/v1/audit${q}`);
      await expectError(res, 403, "forbidden");
    }
    await expectError(await as[role].get("/api/v1/audit/verify"), 403, "forbidden");
  }
  for (const role of ["compliance", "admin"] as const) {
    await expectStatus(await as[role].get("/api/v1/audit?limit=1"), 200);
    await expectStatus(await as[role].get("/api/v1/audit?format=csv&action=no.such"), 200);
    const v = await as[role].get("/api/v1/audit/verify");
    await expectStatus(v, 200);
    expect((await v.json()).ok).toBe(true);
  }
});
