// Streams an NDJSON bias audit of BENCH_RECORDS records (default 5,000,000) to a running portal and samples the
// server process's resident memory (VmRSS from /proc) while it folds them. The records are generated as they are
// sent, from known per-group rates, and the confusion counts the server returns are checked against those counted
// here, so the run proves the result as well as the memory.
//
//   Server: a fresh seeded store, e.g. E2E_PORT=3355 NEXT_DIST_DIR=.next-fair tsx --conditions=react-server scripts/e2e-server.ts
//   Run:    BENCH_URL=http://127.0.0.1:3355 npm run bench -- bias-audit-ndjson
//
// BENCH_TOKEN: an admin token (default: the e2e bootstrap token), used to issue a contributor token and register a
// model. BENCH_PID: the server's pid (default: found from the process listening on the port). BENCH_SAMPLE_MS: RSS
// sampling interval (default 100).
import fs from "node:fs";
import http from "node:http";
import { Readable } from "node:stream";
import { E2E } from "../e2e/env";
import { listeningPid } from "./lib/proc";

const url = new URL(process.env.BENCH_URL ?? `http://127.0.0.1:${E2E.port}`);
const adminToken = process.env.BENCH_TOKEN ?? E2E.bootstrapToken;
const RECORDS = Number(process.env.BENCH_RECORDS ?? 5_000_000);
const SAMPLE_MS = Number(process.env.BENCH_SAMPLE_MS ?? 100);
const CONTRIBUTOR = process.env.BENCH_CONTRIBUTOR ?? E2E.users.contributor;

async function api(token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(new URL(path, url), {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 500)}`);
  return JSON.parse(text);
}

/** The server's pid: BENCH_PID, or the process listening on the port. */
function serverPid(port: number): number {
  if (process.env.BENCH_PID) return Number(process.env.BENCH_PID);
  const pid = listeningPid(port);
  if (pid !== null) return pid;
  throw new Error(`No process found listening on port ${port}; set BENCH_PID.`);
}

const rssMb = (pid: number) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : Number.NaN;
};

// Known rates per group: P(label = 1) and P(prediction = 1 | label) differ by race, so the audit has something to find.
const RACES = ["African-American", "Caucasian", "Hispanic", "Other"] as const;
const SEXES = ["Male", "Female"] as const;
const RATES: Record<(typeof RACES)[number], { base: number; tpr: number; fpr: number }> = {
  "African-American": { base: 0.51, tpr: 0.72, fpr: 0.45 },
  Caucasian: { base: 0.39, tpr: 0.52, fpr: 0.23 },
  Hispanic: { base: 0.37, tpr: 0.5, fpr: 0.22 },
  Other: { base: 0.35, tpr: 0.48, fpr: 0.2 },
};

type Counts = { tp: number; fp: number; tn: number; fn: number };
const expected = new Map<string, Counts>();

/** The NDJSON body, generated in ~64 KB chunks as the socket asks for them (so the client's memory stays flat too). */
function body(header: object): Readable {
  let seed = 20261126;
  const rand = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  let i = 0;
  let sentHeader = false;
  return new Readable({
    read() {
      let chunk = sentHeader ? "" : `${JSON.stringify(header)}\n`;
      sentHeader = true;
      while (chunk.length < 65_536 && i < RECORDS) {
        const race = RACES[i % 7 < 3 ? 0 : i % 7 < 5 ? 1 : i % 7 < 6 ? 2 : 3];
        const sex = SEXES[rand() < 0.2 ? 1 : 0];
        const r = RATES[race];
        const label = rand() < r.base ? 1 : 0;
        const prediction = rand() < (label ? r.tpr : r.fpr) ? 1 : 0;
        const c = expected.get(race) ?? { tp: 0, fp: 0, tn: 0, fn: 0 };
        c[prediction ? (label ? "tp" : "fp") : label ? "fn" : "tn"]++;
        expected.set(race, c);
        chunk += `{"label":${label},"prediction":${prediction},"score":${(rand() * 0.999).toFixed(3)},"attributes":{"race":"${race}","sex":"${sex}"}}\n`;
        i++;
      }
      if (chunk) this.push(chunk);
      if (i >= RECORDS) this.push(null);
    },
  });
}

async function main() {
  const pid = serverPid(Number(url.port || 80));
  // A contributor's token (posting audits is a contributor's job) and a model version to audit.
  const { token } = await api(adminToken, "POST", `/api/v1/users/${encodeURIComponent(CONTRIBUTOR)}/tokens`, {
    name: "bench",
    scopes: ["read", "write"],
  });
  const model = `bench-ndjson-${Date.now().toString(36)}`;
  await api(token, "POST", "/api/v1/models", { name: model, owner: CONTRIBUTOR, riskTier: "high" });
  await api(token, "POST", `/api/v1/models/${model}/versions`, { version: "1.0.0" });

  const samples: { t: number; mb: number }[] = [];
  const t0 = performance.now();
  const sample = () => samples.push({ t: performance.now() - t0, mb: rssMb(pid) });
  sample();
  const baseline = samples[0].mb;
  const timer = setInterval(sample, SAMPLE_MS);
  let bytes = 0;
  const header = { name: "bench", dataset: "synthetic", sensitiveAttributes: ["race", "sex"], referenceGroups: { race: "Caucasian" } };
  const result = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: "POST",
        path: `/api/v1/models/${model}/versions/1.0.0/bias-audits`,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/x-ndjson" },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on("error", reject);
    const src = body(header);
    src.on("data", (c) => (bytes += Buffer.byteLength(c)));
    src.pipe(req);
  });
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(timer);
  sample();
  if (result.status !== 201) throw new Error(`POST answered ${result.status}: ${result.text.slice(0, 500)}`);
  const audit = JSON.parse(result.text);

  // The server's counts must be exactly those generated.
  const mismatches: string[] = [];
  for (const [race, c] of expected) {
    const g = audit.groups.find((x: { attribute: string; group: string }) => x.attribute === "race" && x.group === race);
    for (const k of ["tp", "fp", "tn", "fn"] as const) if (g?.[k] !== c[k]) mismatches.push(`${race}.${k}: server ${g?.[k]}, sent ${c[k]}`);
  }
  const rss = samples.map((s) => s.mb);
  const max = Math.max(...rss);
  // Memory over the second half of the upload against the first: flat means the fold does not grow with the records.
  const half = samples.filter((s) => s.t > (seconds * 1000) / 2).map((s) => s.mb);
  const firstHalf = samples.filter((s) => s.t <= (seconds * 1000) / 2).map((s) => s.mb);
  const out = {
    records: audit.recordCount,
    megabytesSent: Math.round(bytes / 1e5) / 10,
    seconds: Math.round(seconds * 10) / 10,
    recordsPerSecond: Math.round(audit.recordCount / seconds),
    serverPid: pid,
    rssSampleEveryMs: SAMPLE_MS,
    rssSamples: rss.length,
    rssBaselineMb: Math.round(baseline),
    rssMaxMb: Math.round(max),
    rssMaxFirstHalfMb: Math.round(Math.max(...firstHalf)),
    rssMaxSecondHalfMb: Math.round(Math.max(...half)),
    rssGrowthMb: Math.round(max - baseline),
    passed: audit.passed,
    countsMatch: mismatches.length === 0,
  };
  console.log(JSON.stringify(out, null, 2));
  console.log(
    `${out.records.toLocaleString("en-US")} records (${out.megabytesSent} MB) in ${out.seconds} s (${out.recordsPerSecond.toLocaleString("en-US")}/s); server RSS ${out.rssBaselineMb} MB before, max ${out.rssMaxMb} MB (first half ${out.rssMaxFirstHalfMb}, second half ${out.rssMaxSecondHalfMb}), sampled every ${SAMPLE_MS} ms.`,
  );
  if (mismatches.length) {
    console.error(`Counts differ:\n${mismatches.join("\n")}`);
    process.exit(1);
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
