// API.md "Audit transparency": the signed checkpoint (C2SP signed note over a tlog checkpoint, Ed25519), its verifier
// key, inclusion and consistency proofs; all checked here with node:crypto and the RFC 9162 algorithms written out
// again (not the portal's code), and the portal's offline verifier run on what the API served.
import { spawnSync } from "node:child_process";
import { createHash, createPublicKey, verify } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type APIRequestContext, expect, test } from "@playwright/test";
import { E2E } from "../env";
import {
  type AuditEntry,
  adminApi,
  auditEntries,
  detailPaths,
  disposeAll,
  expectError,
  expectStatus,
  newModel,
  type Role,
  roleClients,
} from "./support";

let admin: APIRequestContext;
let as: Record<Role, APIRequestContext>;

test.beforeAll(async () => {
  admin = await adminApi();
  as = await roleClients();
});
test.afterAll(async () => disposeAll(admin, as));

const sha = (...parts: (Buffer | string)[]) => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return h.digest();
};
const node = (l: Buffer, r: Buffer) => sha(Buffer.from([1]), l, r);
function jcs(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(jcs).join(",")}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${jcs(o[k])}`)
    .join(",")}}`;
}
const leaf = (e: AuditEntry) => sha(Buffer.from([0]), Buffer.from(jcs(e), "utf8"));
/** RFC 9162 MTH, by its recursive definition. */
function mth(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return sha();
  if (leaves.length === 1) return leaves[0];
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return node(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}
/** RFC 9162 §2.1.3.2 */
function rootFromInclusion(index: number, size: number, h: Buffer, path: Buffer[]): Buffer | null {
  let fn = index;
  let sn = size - 1;
  let r = h;
  for (const p of path) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = node(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else r = node(r, p);
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}
/** RFC 9162 §2.1.4.2, for 0 < m < n: the two roots the proof leads to. */
function rootsFromConsistency(m: number, n: number, first: Buffer, proof: Buffer[]): [Buffer, Buffer] | null {
  const path = (m & (m - 1)) === 0 ? [first, ...proof] : [...proof];
  let fn = m - 1;
  let sn = n - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      fr = node(c, fr);
      sr = node(c, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else sr = node(sr, c);
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? [fr, sr] : null;
}

const ORIGIN = `127.0.0.1:${E2E.port}/steward-audit`;

/** Parse and verify a signed checkpoint with the verifier key, by the C2SP specs. */
function openCheckpoint(note: string, vkey: string): { size: number; root: Buffer } {
  const [name, id, key] = [vkey.slice(0, vkey.indexOf("+")), vkey.split("+")[1], vkey.split("+").slice(2).join("+")];
  const raw = Buffer.from(key, "base64");
  expect(raw[0]).toBe(1);
  const pub = raw.subarray(1);
  expect(
    sha(name, Buffer.from([0x0a, 0x01]), pub)
      .subarray(0, 4)
      .toString("hex"),
  ).toBe(id);
  const split = note.lastIndexOf("\n\n");
  const text = note.slice(0, split + 1);
  const sigLines = note
    .slice(split + 2)
    .trimEnd()
    .split("\n");
  expect(sigLines).toHaveLength(1);
  const [dash, signer, sig] = sigLines[0].split(" ");
  expect([dash, signer]).toEqual(["—", name]);
  const sigRaw = Buffer.from(sig, "base64");
  expect(sigRaw.subarray(0, 4).toString("hex")).toBe(id);
  const spki = createPublicKey({ key: Buffer.concat([Buffer.from("302a300506032b6570032100", "hex"), pub]), format: "der", type: "spki" });
  expect(verify(null, Buffer.from(text, "utf8"), spki, sigRaw.subarray(4)), "the Ed25519 signature verifies").toBe(true);
  const [origin, size, root, ...rest] = text.split("\n");
  expect(rest).toEqual([""]);
  expect(origin).toBe(ORIGIN);
  return { size: Number(size), root: Buffer.from(root, "base64") };
}

async function checkpointAndKey(api: APIRequestContext) {
  const res = await api.get("/api/v1/audit/checkpoint");
  await expectStatus(res, 200);
  expect(res.headers()["content-type"]).toMatch(/^text\/plain/);
  const keyRes = await api.get("/api/v1/audit/checkpoint/key");
  await expectStatus(keyRes, 200);
  const vkey = (await keyRes.text()).trim();
  return { note: await res.text(), vkey };
}

test("the checkpoint is a signed tlog checkpoint whose root is the Merkle tree of the exported trail", async () => {
  await newModel(as.contributor); // one more entry, made through the API
  const { note, vkey } = await checkpointAndKey(as.compliance);
  expect(vkey).toMatch(new RegExp(`^${ORIGIN.replace(/\./g, "\\.")}\\+[0-9a-f]{8}\\+A[A-Za-z0-9+/]{43}$`));
  const cp = openCheckpoint(note, vkey);
  const entries = await auditEntries(admin, {});
  expect(cp.size).toBeGreaterThan(100);
  expect(entries.length).toBeGreaterThanOrEqual(cp.size);
  expect(mth(entries.slice(0, cp.size).map(leaf)).equals(cp.root)).toBe(true);
  // v1's HMAC checkpoint is still there for a client asking for JSON.
  const v1 = await as.compliance.get("/api/v1/audit/checkpoint", { headers: { accept: "application/json" } });
  await expectStatus(v1, 200);
  expect(Object.keys(await v1.json()).sort()).toEqual(["at", "hash", "keyId", "seq", "signature"]);
});

test("inclusion proofs of the first, a middle and the last entry lead to the signed root", async () => {
  const { note, vkey } = await checkpointAndKey(as.admin);
  const cp = openCheckpoint(note, vkey);
  const entries = await auditEntries(admin, {});
  for (const seq of [1, Math.ceil(cp.size / 2), cp.size]) {
    const res = await as.compliance.get(`/api/v1/audit/${seq}/proof?size=${cp.size}`);
    await expectStatus(res, 200);
    const p = await res.json();
    expect(p.leafIndex).toBe(seq - 1);
    expect(p.treeSize).toBe(cp.size);
    const root = rootFromInclusion(
      seq - 1,
      cp.size,
      leaf(entries[seq - 1]),
      p.hashes.map((h: string) => Buffer.from(h, "base64")),
    );
    expect(root?.equals(cp.root), `entry ${seq}`).toBe(true);
    // another entry's content does not verify with this proof
    expect(
      rootFromInclusion(
        seq - 1,
        cp.size,
        leaf(entries[seq % cp.size]),
        p.hashes.map((h: string) => Buffer.from(h, "base64")),
      )?.equals(cp.root),
    ).toBe(false);
  }
});

test("a later checkpoint is consistent with an earlier one", async () => {
  const before = openCheckpoint(...(Object.values(await checkpointAndKey(as.compliance)) as [string, string]));
  await newModel(as.contributor);
  await newModel(as.contributor);
  const after = openCheckpoint(...(Object.values(await checkpointAndKey(as.compliance)) as [string, string]));
  expect(after.size).toBeGreaterThanOrEqual(before.size + 2);
  const res = await as.compliance.get(`/api/v1/audit/consistency?from=${before.size}&to=${after.size}`);
  await expectStatus(res, 200);
  const p = await res.json();
  expect([p.from, p.to]).toEqual([before.size, after.size]);
  const roots = rootsFromConsistency(
    before.size,
    after.size,
    before.root,
    p.hashes.map((h: string) => Buffer.from(h, "base64")),
  );
  expect(roots?.[0].equals(before.root)).toBe(true);
  expect(roots?.[1].equals(after.root)).toBe(true);
});

test("bad proof requests are 400 naming the field, an entry past the tree 404, and only compliance and admin may ask", async () => {
  expect(await detailPaths(await as.compliance.get("/api/v1/audit/abc/proof"))).toEqual(["seq"]);
  expect(await detailPaths(await as.compliance.get("/api/v1/audit/1/proof?size=0"))).toEqual(["size"]);
  expect(await detailPaths(await as.compliance.get("/api/v1/audit/consistency?from=5&to=4"))).toEqual(["from"]);
  expect(await detailPaths(await as.compliance.get("/api/v1/audit/consistency?from=1"))).toEqual(["to"]);
  await expectError(await as.compliance.get("/api/v1/audit/99999999/proof"), 404, "not_found");
  for (const p of [
    "/api/v1/audit/checkpoint",
    "/api/v1/audit/checkpoint/key",
    "/api/v1/audit/1/proof",
    "/api/v1/audit/consistency?from=1&to=2",
  ])
    for (const r of ["viewer", "contributor", "reviewer"] as const) await expectError(await as[r].get(p), 403, "forbidden");
});

test("the portal's offline verifier accepts what the API served, and names the entry of an edited export", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "steward-transparency-"));
  try {
    const { note, vkey } = await checkpointAndKey(as.compliance);
    const exp = await as.compliance.get("/api/v1/audit?format=ndjson");
    await expectStatus(exp, 200);
    const ndjson = await exp.text();
    fs.writeFileSync(path.join(dir, "trail.ndjson"), ndjson);
    fs.writeFileSync(path.join(dir, "checkpoint.txt"), note);
    fs.writeFileSync(path.join(dir, "key.txt"), `${vkey}\n`);
    const lines = ndjson.split("\n");
    const e = JSON.parse(lines[9]);
    lines[9] = JSON.stringify({ ...e, action: `${e.action}.edited` });
    fs.writeFileSync(path.join(dir, "edited.ndjson"), lines.join("\n"));
    const run = (file: string) =>
      spawnSync(
        "npx",
        [
          "tsx",
          "--conditions=react-server",
          "scripts/portal.ts",
          "audit",
          "verify",
          path.join(dir, file),
          "--checkpoint",
          path.join(dir, "checkpoint.txt"),
          "--key",
          path.join(dir, "key.txt"),
        ],
        {
          encoding: "utf8",
          env: { ...process.env, DATABASE_URL: "", AUDIT_SIGNING_KEY: "" },
        },
      );
    const good = run("trail.ndjson");
    expect(good.status, good.stderr).toBe(0);
    expect(good.stdout).toMatch(/^OK: \d+ entries, chain intact; the Merkle root of the first \d+ is the one .* signed/);
    const bad = run("edited.ndjson");
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("FAIL (chain at seq 10): hash of seq 10 does not match its content");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("compliance publishes a checkpoint now; the trail is then held to it; a viewer may not publish", async () => {
  await newModel(as.contributor);
  await expectError(await as.viewer.post("/api/v1/audit/checkpoints", { data: {} }), 403, "forbidden");
  await expectError(await as.contributor.get("/api/v1/audit/checkpoints"), 403, "forbidden");
  const res = await as.compliance.post("/api/v1/audit/checkpoints", { data: {} });
  await expectStatus(res, 200);
  const body = await res.json();
  expect(body.published).toBe(true);
  const { vkey } = await checkpointAndKey(as.compliance);
  // The published note verifies with the key the portal serves, and its size is the trail's head when published.
  const cp = openCheckpoint(body.latest.checkpoint, vkey);
  expect(cp.size).toBe(body.latest.size);
  expect(cp.root.toString("base64")).toBe(body.latest.rootHash);
  // Publishing again with nothing new publishes nothing.
  const again = await (await as.compliance.post("/api/v1/audit/checkpoints", { data: {} })).json();
  expect(again).toMatchObject({ published: false, latest: { size: body.latest.size } });
  const state = await (await as.compliance.get("/api/v1/audit/checkpoints")).json();
  expect(state.latest.size).toBe(body.latest.size);
  const verify = await (await as.compliance.get("/api/v1/audit/verify")).json();
  expect(verify.ok).toBe(true);
  expect(verify.published.checked).toBeGreaterThanOrEqual(1);
  expect(verify.published.latestSize).toBeGreaterThanOrEqual(body.latest.size);
});

test("the prove download: the entry, its path and a signed checkpoint, checked here and by the portal's offline verifier", async () => {
  const res = await as.compliance.get("/api/v1/audit/5/proof?format=bundle");
  await expectStatus(res, 200);
  expect(res.headers()["content-disposition"]).toBe('attachment; filename="steward-audit-proof-5.json"');
  const bundle = await res.json();
  const { vkey } = await checkpointAndKey(as.compliance);
  expect(bundle.key).toBe(vkey);
  const cp = openCheckpoint(bundle.checkpoint, vkey);
  expect(bundle.entry.seq).toBe(5);
  expect(bundle.proof).toMatchObject({ leafIndex: 4, treeSize: cp.size });
  const leaf = sha(Buffer.from([0]), Buffer.from(jcs(bundle.entry), "utf8"));
  const root = rootFromInclusion(
    4,
    cp.size,
    leaf,
    bundle.proof.hashes.map((h: string) => Buffer.from(h, "base64")),
  );
  expect(root?.equals(cp.root)).toBe(true);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "steward-prove-"));
  try {
    fs.writeFileSync(path.join(dir, "bundle.json"), JSON.stringify(bundle));
    // An edited entry whose hash was recomputed to match: only the Merkle path can tell it is not the logged one.
    const { hash: _h, ...rest } = { ...bundle.entry, action: "model.deleted" };
    const edited = { ...rest, hash: sha(`${rest.prevHash}\n${jcs(rest)}`).toString("hex") };
    fs.writeFileSync(path.join(dir, "edited.json"), JSON.stringify({ ...bundle, entry: edited }));
    const run = (file: string) =>
      spawnSync(
        "npx",
        ["tsx", "--conditions=react-server", "scripts/portal.ts", "audit", "verify-proof", path.join(dir, file), "--key", vkey],
        {
          encoding: "utf8",
          env: { ...process.env, DATABASE_URL: "", AUDIT_SIGNING_KEY: "" },
        },
      );
    const good = run("bundle.json");
    expect(good.status, good.stderr).toBe(0);
    expect(good.stdout).toContain(`OK: entry seq 5 (hash ${bundle.entry.hash}) is in the log of ${cp.size} entries`);
    const bad = run("edited.json");
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("inclusion of seq 5");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
