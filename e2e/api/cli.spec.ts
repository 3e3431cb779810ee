// The `steward` command line against the real server: every command as a child process with a real token, what it
// stores (read back over the API), its errors (the API's message with the field named, and the exit code), the
// Idempotency-Key that makes a retried CI step store nothing twice, and `release wait`'s exit codes.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { FULL_CARD } from "../../lib/cards/fixtures/cards";
import { expectExit, steward } from "../cli";
import { E2E } from "../env";
import { apiAs, tokenFor, unique } from "../fixtures";
import { expectStatus } from "./support";

const U = E2E.users;
let dir: string;
let token: string;

test.beforeAll(async () => {
  dir = path.join(test.info().project.outputDir, "cli-files");
  fs.mkdirSync(dir, { recursive: true });
  token = await tokenFor(U.contributor, ["read", "write"]);
});

const file = (name: string, text: string) => {
  const p = path.join(dir, `${unique("f")}-${name}`);
  fs.writeFileSync(p, text);
  return p;
};

/** A model owned by the contributor, with one version, both through the CLI; returns the names. */
async function modelAndVersion(riskTier = "medium") {
  const model = unique("cli");
  expectExit(
    await steward(["model", "register", model, "--owner", U.contributor, "--risk-tier", riskTier, "--title", "CLI test"], token),
    0,
  );
  expectExit(await steward(["version", "register", model, "1.0.0"], token), 0);
  return { model, version: "1.0.0" };
}

test("model register and version register store what was given, and --exists-ok makes a re-run a no-op", async () => {
  const model = unique("cli-reg");
  const r = expectExit(
    await steward(
      ["model", "register", model, "--owner", U.contributor, "--risk-tier", "high", "--tag", "credit", "--tag", "batch", "--json"],
      token,
    ),
    0,
  );
  const created = JSON.parse(r.stdout);
  expect(created).toMatchObject({ name: model, owner: U.contributor, riskTier: "high", tags: ["credit", "batch"] });

  const params = file("params.json", JSON.stringify({ optimizer: { name: "adam", lr: 0.001 }, layers: 4 }));
  const runId = "2f1d3c4b-5a69-4788-9aab-bccddeeff001";
  const v = expectExit(
    await steward(
      [
        "version",
        "register",
        model,
        "2.1.0",
        "--metric",
        "auc=0.913",
        "--metric",
        "f1=0.72",
        "--params-file",
        params,
        "--param",
        "seed=7",
        "--training-run-id",
        runId,
        "--input",
        "postgres://warehouse:5432,public.transactions",
        "--git-commit",
        "0123456789abcdef0123456789abcdef01234567",
      ],
      token,
    ),
    0,
  );
  expect(v.stdout).toBe(`Registered ${model} 2.1.0 (stage development, 2 metrics).\n`);

  const api = await apiAs(U.viewer);
  const res = await api.get(`/api/v1/models/${model}/versions/2.1.0`);
  await expectStatus(res, 200);
  const stored = await res.json();
  expect(stored.metrics).toEqual({ auc: 0.913, f1: 0.72 });
  expect(stored.params).toEqual({ optimizer: { name: "adam", lr: 0.001 }, layers: 4, seed: "7" });
  expect(stored.trainingRunId).toBe(runId);
  expect(stored.stage).toBe("development");

  // A model or version of that name already: 409 with the API's words, unless --exists-ok.
  const again = expectExit(await steward(["model", "register", model, "--owner", U.contributor, "--risk-tier", "high"], token), 3);
  expect(again.stderr).toContain("HTTP 409");
  const ok = expectExit(
    await steward(["model", "register", model, "--owner", U.contributor, "--risk-tier", "high", "--exists-ok"], token),
    0,
  );
  expect(ok.stdout).toBe(`Model ${model} exists already; left as it is.\n`);
  expectExit(await steward(["version", "register", model, "2.1.0", "--exists-ok"], token), 0);
  await api.dispose();
});

test("a retried step (same run id) stores its write once; a new run stores it again", async () => {
  const { model, version } = await modelAndVersion();
  const args = ["evaluation", "add", model, version, "--dataset", "holdout-2026Q4", "--metric", "auc=0.9"];
  for (let i = 0; i < 2; i++) expectExit(await steward(args, token, { GITHUB_RUN_ID: "4242", GITHUB_REPOSITORY: "acme/credit" }), 0);
  const api = await apiAs(U.viewer);
  const count = async () => (await (await api.get(`/api/v1/models/${model}/versions/${version}`)).json()).evaluations.length;
  expect(await count()).toBe(1);
  expectExit(await steward(args, token, { GITHUB_RUN_ID: "4243", GITHUB_REPOSITORY: "acme/credit" }), 0);
  expect(await count()).toBe(2);
  await api.dispose();
});

test("card push: Steward card JSON, Model Card Toolkit JSON and a Hugging Face README", async () => {
  const { model, version } = await modelAndVersion();
  const steward_ = expectExit(
    await steward(["card", "push", model, version, file("card.json", JSON.stringify(FULL_CARD)), "--json"], token),
    0,
  );
  expect(JSON.parse(steward_.stdout)).toMatchObject({ revision: 1, completeness: 100 });
  const mct = expectExit(await steward(["card", "push", model, version, "lib/cards/fixtures/mct-census-income.json"], token), 0);
  expect(mct.stdout).toMatch(/^Imported mct-census-income\.json \(Model Card Toolkit\) as revision 2 of /);
  const hf = expectExit(await steward(["card", "push", model, version, "lib/cards/fixtures/hf-review-sentiment-README.md"], token), 0);
  expect(hf.stdout).toMatch(/^Imported hf-review-sentiment-README\.md \(Hugging Face model card\) as revision 3 of /);
  const api = await apiAs(U.viewer);
  const card = await (await api.get(`/api/v1/models/${model}/versions/${version}/card`)).json();
  expect(card.revision).toBe(3);
  await api.dispose();
  // A card the API refuses: its field is named.
  const bad = expectExit(
    await steward(["card", "push", model, version, file("bad.json", JSON.stringify({ modelDetails: { date: "soon" } }))], token),
    3,
  );
  expect(bad.stderr).toContain("modelDetails.date");
});

/** Predictions with these counts per group: label 1 / prediction 1 is a true positive, and so on. */
function predictionsCsv(groups: Record<string, { tp: number; fp: number; tn: number; fn: number }>, times = 1) {
  const lines = ["id,label,prediction,score,sex"];
  let id = 0;
  for (let k = 0; k < times; k++)
    for (const [sex, c] of Object.entries(groups)) {
      for (let i = 0; i < c.tp; i++) lines.push(`${id++},1,1,0.9,${sex}`);
      for (let i = 0; i < c.fp; i++) lines.push(`${id++},0,1,0.7,${sex}`);
      for (let i = 0; i < c.tn; i++) lines.push(`${id++},0,0,0.2,${sex}`);
      for (let i = 0; i < c.fn; i++) lines.push(`${id++},1,0,0.4,"${sex}"`);
    }
  return `${lines.join("\n")}\n`;
}

test("audit push streams 120,000 CSV predictions (past JSON's 100,000) with progress on stderr; NDJSON gives the same audit", async () => {
  test.setTimeout(120_000);
  const { model, version } = await modelAndVersion();
  // Per 200 rows of a group: male 60 tp, 20 fp, 100 tn, 20 fn (selection rate 80/200 = 0.4); female 30, 10, 140, 20
  // (40/200 = 0.2). 300 times over: 60,000 rows each, 120,000 in all. Disparate impact 0.2 / 0.4 = 0.5 < 0.8: failed.
  const groups = { male: { tp: 60, fp: 20, tn: 100, fn: 20 }, female: { tp: 30, fp: 10, tn: 140, fn: 20 } };
  const csv = file("predictions.csv", predictionsCsv(groups, 300));
  const r = expectExit(
    await steward(
      ["audit", "push", model, version, csv, "--attribute", "sex", "--reference", "sex=male", "--name", "holdout", "--json"],
      token,
    ),
    0,
  );
  expect(r.stderr).toContain("100% (");
  expect(r.stderr).toContain("120,000 records)");
  const audit = JSON.parse(r.stdout);
  expect(audit.passed).toBe(false);
  const male = audit.groups.find((g: { attribute: string; group: string }) => g.attribute === "sex" && g.group === "male");
  const female = audit.groups.find((g: { attribute: string; group: string }) => g.attribute === "sex" && g.group === "female");
  expect(male).toMatchObject({ n: 60_000, tp: 18_000, fp: 6_000, tn: 30_000, fn: 6_000 });
  expect(female).toMatchObject({ n: 60_000, tp: 9_000, fp: 3_000, tn: 42_000, fn: 6_000 });
  expect(male.selectionRate).toBeCloseTo(0.4, 12);
  expect(female.selectionRate).toBeCloseTo(0.2, 12);
  expect(audit.summary.sex.disparateImpact).toBeCloseTo(0.5, 12);

  // The same predictions as NDJSON, one flat object a line.
  const ndjson = predictionsCsv(groups)
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => {
      const [id, label, prediction, score, sex] = l.split(",");
      return JSON.stringify({
        id: Number(id),
        label: Number(label),
        prediction: Number(prediction),
        score: Number(score),
        sex: sex.replaceAll('"', ""),
      });
    })
    .join("\n");
  const r2 = expectExit(
    await steward(["audit", "push", model, version, file("p.ndjson", ndjson), "--attribute", "sex", "--json", "--quiet"], token),
    0,
  );
  expect(r2.stderr).toBe("");
  const small = JSON.parse(r2.stdout);
  expect(small.groups.find((g: { group: string }) => g.group === "male")).toMatchObject({ n: 200, tp: 60, fp: 20, tn: 100, fn: 20 });

  // A column that is not there is said before anything is sent.
  const bad = expectExit(await steward(["audit", "push", model, version, csv, "--attribute", "race"], token), 4);
  expect(bad.stderr).toContain('has no "race" column');
});

test("lineage push sends NDJSON in batches; the graph holds every event's datasets", async () => {
  const ns = unique("cli-ns");
  const event = (i: number) =>
    JSON.stringify({
      eventType: "COMPLETE",
      eventTime: `2026-11-0${i + 1}T10:00:00Z`,
      producer: "https://example.com/cli-test",
      schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
      run: { runId: `0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5${i}` },
      job: { namespace: ns, name: `build_${i}` },
      inputs: [{ namespace: ns, name: `raw_${i}` }],
      outputs: [{ namespace: ns, name: `features_${i}` }],
    });
  const r = expectExit(
    await steward(["lineage", "push", file("events.ndjson", [0, 1, 2].map(event).join("\n")), "--batch", "2"], token),
    0,
  );
  expect(r.stdout).toBe("Sent 3 lineage events.\n");
  expect(r.stderr).toBe("lineage push: 2 of 3 events\nlineage push: 3 of 3 events\n");
  const api = await apiAs(U.viewer);
  const g = await (
    await api.get(`/api/v1/lineage/graph?type=dataset&namespace=${encodeURIComponent(ns)}&name=raw_2&direction=downstream`)
  ).json();
  expect(g.nodes.map((n: { name: string }) => n.name).sort()).toEqual(["build_2", "features_2", "raw_2"]);
  await api.dispose();
  // An event the API refuses names its field.
  const bad = expectExit(
    await steward(
      [
        "lineage",
        "push",
        file(
          "bad.json",
          JSON.stringify({
            eventType: "COMPLETE",
            eventTime: "2026-11-01T10:00:00Z",
            producer: "x",
            run: { runId: "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a50" },
          }),
        ),
      ],
      token,
    ),
    3,
  );
  expect(bad.stderr).toContain("job");
});

/** A staging release of a fresh medium-risk version with an evaluation (the one blocking check), requested by the CLI. */
async function pendingRelease() {
  const { model, version } = await modelAndVersion();
  expectExit(await steward(["evaluation", "add", model, version, "--dataset", "holdout", "--metric", "auc=0.9"], token), 0);
  const r = expectExit(
    await steward(["release", "request", model, version, "--target", "staging", "--summary", "First staging release"], token),
    0,
  );
  const id = r.stdout.trim();
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  expect(r.stderr).toContain(`Requested release ${id}: ${model} ${version} → staging; 1 approval needed.`);
  return { id, model, version };
}

async function decide(id: string, decision: "approve" | "reject" | "request_changes") {
  const api = await apiAs(U.reviewer);
  const res = await api.post(`/api/v1/releases/${id}/decisions`, { data: { decision, comment: `${decision} from the test` } });
  await expectStatus(res, 200);
  await api.dispose();
}

test("release wait exits 0 when approved, 1 when rejected or changes are requested, 2 on timeout", async () => {
  test.setTimeout(120_000);
  const wait = (id: string, timeout = "60s") => steward(["release", "wait", id, "--timeout", timeout, "--interval", "300ms"], token);

  const a = await pendingRelease();
  const waiting = wait(a.id);
  await decide(a.id, "approve");
  const approved = expectExit(await waiting, 0);
  expect(approved.stdout).toBe(`Release ${a.id} approved: ${a.model} ${a.version} is in staging.\n`);

  const b = await pendingRelease();
  await decide(b.id, "reject");
  const rejected = expectExit(await wait(b.id), 1);
  expect(rejected.stderr).toContain(`Rejected by ${U.reviewer}: reject from the test (release ${b.id}).`);

  const c = await pendingRelease();
  await decide(c.id, "request_changes");
  expectExit(await wait(c.id), 1);

  const d = await pendingRelease();
  const timedOut = expectExit(await wait(d.id, "1s"), 2);
  expect(timedOut.stderr).toContain(`Timed out after 1s: release ${d.id} is still pending.`);
  const json = expectExit(await steward(["release", "wait", d.id, "--timeout", "0", "--json"], token), 2);
  expect(JSON.parse(json.stdout)).toEqual({ id: d.id, status: "pending", outcome: "timeout" });
});

test("errors: a bad token, a missing token, a refused field, an unknown release and wrong usage each say why and exit non-zero", async () => {
  const badToken = expectExit(await steward(["whoami"], "stw_not_a_real_token_0123456789abcdefghij"), 3);
  expect(badToken.stderr).toMatch(/^steward: .+ \(unauthenticated, HTTP 401\)\n$/);
  const noToken = expectExit(await steward(["whoami"], undefined), 4);
  expect(noToken.stderr).toContain("Set STEWARD_TOKEN");

  const refused = expectExit(
    await steward(["model", "register", unique("cli-bad"), "--owner", U.contributor, "--risk-tier", "extreme", "--json"], token),
    3,
  );
  expect(refused.stderr).toContain("riskTier:");
  const body = JSON.parse(refused.stdout);
  expect(body.status).toBe(400);
  expect(body.error.code).toBe("invalid_request");
  expect(body.error.details.map((d: { path: string }) => d.path)).toEqual(["riskTier"]);

  // A viewer's token: the policy's refusal, in its words.
  const viewer = await tokenFor(U.viewer, ["read"]);
  const forbidden = expectExit(await steward(["model", "register", unique("cli-v"), "--owner", U.viewer, "--risk-tier", "low"], viewer), 3);
  expect(forbidden.stderr).toContain("HTTP 403");

  const missing = expectExit(await steward(["release", "wait", "00000000-0000-4000-8000-000000000000", "--timeout", "5s"], token), 3);
  expect(missing.stderr).toContain("HTTP 404");
  expect(expectExit(await steward(["release", "frobnicate"], token), 4).stderr).toContain('unknown command "release frobnicate"');
  expect(expectExit(await steward(["model", "register"], token), 4).stderr).toContain("Usage: steward model register NAME");
  expect(expectExit(await steward(["--help"], undefined), 0).stdout).toContain("release wait ID [--timeout 30m]");
});

test("the packed tarball's CLI runs on plain Node with nothing installed beside it", async () => {
  test.setTimeout(120_000);
  const out = path.join(dir, unique("pack"));
  fs.mkdirSync(out, { recursive: true });
  const sh = (cmd: string, args: string[], cwd?: string) => {
    const r = spawnSync(cmd, args, { cwd, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
    return r.stdout;
  };
  const packed = JSON.parse(sh("npm", ["pack", "--json", "--pack-destination", out]));
  const tarball = path.join(out, packed[0].filename);
  sh("tar", ["-xzf", tarball, "-C", out]);
  const bin = path.join(out, "package", "bin", "steward.mjs");
  expect(JSON.parse(fs.readFileSync(path.join(out, "package", "package.json"), "utf8")).bin).toEqual({ steward: "bin/steward.mjs" });
  expect(fs.existsSync(path.join(out, "package", "node_modules"))).toBe(false);
  const me = expectExit(await steward(["whoami", "--json"], token, {}, bin), 0);
  expect(JSON.parse(me.stdout).email).toBe(U.contributor);
});
