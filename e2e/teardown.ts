// Playwright's globalTeardown: after every project (api, then browser) has run, and before Playwright stops the web
// server, search the e2e store and the server's log for secrets (e2e/secrets-scan.ts). A secret found fails the run.
//
// The PGlite store has one owner, the running server: it is asked to stop first (SIGUSR2 to scripts/e2e-server.ts,
// which then leaves the folder behind), then opened here, searched and removed. A PostgreSQL store (DATABASE_URL) is
// searched as it stands.
import fs from "node:fs";
import path from "node:path";
import type { FullConfig } from "@playwright/test";
import { type Finding, knownSecrets, PENDING, PLAIN_BY_NECESSITY, type Query, scanLog, scanTables, webhookSecrets } from "./secrets-scan";

type State = { pid: number; dataDir: string | null; log: string };

async function stopped(pid: number, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

async function withStore<T>(state: State, run: (q: Query) => Promise<T>): Promise<T> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const { Client } = await import("pg");
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return await run((sql, params) => client.query(sql, params as unknown[]));
    } finally {
      await client.end();
    }
  }
  if (!state.dataDir) throw new Error("secrets scan: the e2e server left no PGlite folder to search");
  try {
    process.kill(state.pid, "SIGUSR2");
  } catch {
    /* stopped already: its folder may be gone, which the check below reports */
  }
  if (!(await stopped(state.pid, 60_000))) throw new Error(`secrets scan: the e2e server (pid ${state.pid}) did not stop within 60 s`);
  // The store's owner is the Next server the e2e server started: it must be gone too (two processes on one PGlite
  // folder lose rows), which its lock file (db/lock.ts) tells.
  const lock = path.join(state.dataDir, "steward.lock");
  const owner = fs.existsSync(lock) ? Number(JSON.parse(fs.readFileSync(lock, "utf8")).pid) : 0;
  if (owner && !(await stopped(owner, 30_000)))
    throw new Error(`secrets scan: the Next server (pid ${owner}) still holds the e2e store after 30 s`);
  const pg = path.join(state.dataDir, "pg");
  if (!fs.existsSync(pg)) throw new Error(`secrets scan: the e2e store ${pg} is gone; nothing to search`);
  const { PGlite } = await import("@electric-sql/pglite");
  const db = new PGlite(pg);
  await db.waitReady;
  try {
    return await run((sql, params) => db.query(sql, params as unknown[]) as Promise<{ rows: Record<string, unknown>[] }>);
  } finally {
    await db.close();
    fs.rmSync(state.dataDir, { recursive: true, force: true });
  }
}

export default async function teardown(config: FullConfig) {
  const outDir = config.projects[0]?.outputDir ?? path.resolve(process.env.E2E_OUTPUT_DIR ?? "test-results");
  const statePath = path.join(outDir, "e2e-server.json");
  if (!fs.existsSync(statePath)) throw new Error(`secrets scan: no ${statePath}; was the e2e server (scripts/e2e-server.ts) started?`);
  const state = JSON.parse(fs.readFileSync(statePath, "utf8")) as State;

  const findings: Finding[] = [];
  let searched = 0;
  await withStore(state, async (q) => {
    const secrets = [...knownSecrets(), ...(await webhookSecrets(q))];
    searched = secrets.length;
    findings.push(...(await scanTables(q, secrets)));
    // The log is read once the server has stopped (PGlite) or the tests are over (PostgreSQL): all of it is there.
    if (fs.existsSync(state.log)) findings.push(...scanLog(path.basename(state.log), fs.readFileSync(state.log, "utf8"), secrets));
    else findings.push({ where: state.log, secret: "(the server log is missing)", sample: "", pending: false });
  });

  const failing = findings.filter((f) => !f.pending);
  const pending = findings.filter((f) => f.pending);
  const report = { searched, plainByNecessity: PLAIN_BY_NECESSITY, pending: PENDING, findings };
  fs.writeFileSync(path.join(outDir, "secrets-scan.json"), `${JSON.stringify(report, null, 2)}\n`);
  for (const f of pending) console.warn(`secrets scan (known, pending its fix): ${f.secret} in ${f.where}: ${f.sample}`);
  if (failing.length) {
    for (const f of failing) console.error(`secrets scan: ${f.secret} in ${f.where}: ${f.sample}`);
    throw new Error(
      `secrets scan: ${failing.length} secret(s) found at rest or in the server log (see above, and ${path.join(outDir, "secrets-scan.json")})`,
    );
  }
  console.log(
    `secrets scan: ${searched} kinds of secret searched for in every table and the server log; none found${pending.length ? ` (${pending.length} pending, listed above)` : ""}.`,
  );
}
