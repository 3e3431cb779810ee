// The server Playwright tests run against: a fresh store (a new PGlite folder, or a reset local Postgres database),
// fixed test users, the demo portfolio, then `next start`. Never pointed at a non-local database.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { closeDb, getDb } from "../db/client";
import { E2E } from "../e2e/env";
import { startIdp } from "../e2e/oidc-idp";
import { bootstrap } from "../lib/auth/bootstrap";
import { DEMO_USERS, seedPortfolio, seedUsers } from "../lib/demo/seed";

const port = String(E2E.port);
const env: NodeJS.ProcessEnv = {
  ...process.env,
  NEXTAUTH_SECRET: E2E.nextauthSecret,
  NEXTAUTH_URL: `http://127.0.0.1:${port}`,
  PORTAL_BOOTSTRAP_TOKEN: E2E.bootstrapToken,
  // Signs GET /api/v1/audit/checkpoint; test-only, like the secret above.
  AUDIT_CHECKPOINT_KEY: E2E.auditCheckpointKey,
  // Signs the audit log's checkpoints (Ed25519 seed, base64); test-only too.
  AUDIT_SIGNING_KEY: E2E.auditSigningKey,
  NEXT_TELEMETRY_DISABLED: "1",
  // As behind one reverse proxy: X-Forwarded-For's last entry is the client address (Next fills it in with the socket's
  // when a request has none), so a test can act from an address of its own without spending the suite's budget.
  TRUST_PROXY: "1",
  LOG_LEVEL: "warn",
  // The webhook specs' receiver listens on 127.0.0.1, which webhooks may not reach without this (lib/webhooks/address.ts).
  WEBHOOK_ALLOW_PRIVATE: "1",
};

// A local OpenID Connect provider (in this process) so "Sign in with Test IdP" runs the real code flow end to end.
const idp = await startIdp({
  port: E2E.idp.port,
  clientId: E2E.idp.clientId,
  clientSecret: E2E.idp.clientSecret,
  redirectUris: [`http://127.0.0.1:${port}/api/auth/callback/oidc`],
  identities: E2E.idp.identities,
  rolesClaim: E2E.idp.rolesClaim,
});
Object.assign(env, {
  OIDC_ISSUER: idp.issuer,
  OIDC_CLIENT_ID: E2E.idp.clientId,
  OIDC_CLIENT_SECRET: E2E.idp.clientSecret,
  OIDC_NAME: E2E.idp.name,
  OIDC_ROLES_CLAIM: E2E.idp.rolesClaim,
});

const url = process.env.DATABASE_URL;
if (url) {
  const host = new URL(url).hostname;
  if (!["localhost", "127.0.0.1", "::1", ""].includes(host)) {
    console.error(`Refusing to reset a non-local database (${host}) for tests.`);
    process.exit(1);
  }
  const { Client } = await import("pg");
  const c = new Client({ connectionString: url });
  await c.connect();
  await c.query("drop schema if exists public cascade; drop schema if exists drizzle cascade; create schema public;");
  await c.end();
} else {
  // Playwright may stop this server with SIGKILL, leaving its folder behind: sweep folders whose owner is gone.
  for (const name of fs.readdirSync(os.tmpdir())) {
    if (!name.startsWith("steward-e2e-")) continue;
    const old = path.join(os.tmpdir(), name);
    try {
      const lock = path.join(old, "steward.lock");
      const pid = fs.existsSync(lock) ? Number(JSON.parse(fs.readFileSync(lock, "utf8")).pid) : 0;
      let alive = false;
      if (pid) {
        try {
          process.kill(pid, 0);
          alive = true;
        } catch {}
      }
      if (!alive && Date.now() - fs.statSync(old).mtimeMs > 10 * 60_000) fs.rmSync(old, { recursive: true, force: true });
    } catch {
      /* not ours to judge */
    }
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "steward-e2e-"));
  env.DATA_DIR = dir;
  process.env.DATA_DIR = dir;
}

await getDb();
await seedUsers(() => E2E.password, [...DEMO_USERS, ...E2E.extraUsers]);
await seedPortfolio();
Object.assign(process.env, { PORTAL_ADMIN_EMAIL: "admin@example.com", PORTAL_BOOTSTRAP_TOKEN: E2E.bootstrapToken });
await bootstrap();
await closeDb();

// The server's output goes to Playwright (as before) and to a log file, which e2e/teardown.ts searches for secrets once
// every test has run; e2e/teardown.ts finds the file, this process and the store through the state file beside it.
const outDir = path.resolve(process.env.E2E_OUTPUT_DIR ?? "test-results");
fs.mkdirSync(outDir, { recursive: true });
const logFile = path.join(outDir, "server.log");
const logStream = fs.createWriteStream(logFile, { flags: "a" });
fs.writeFileSync(path.join(outDir, "e2e-server.json"), JSON.stringify({ pid: process.pid, dataDir: env.DATA_DIR ?? null, log: logFile }));

// Idle keep-alive sockets stay open longer than any pause in a test: with Node's default of 5 s the server could close a
// socket just as a client reused it (a request failing with ECONNRESET).
// Next's own binary, not through npx: a signal to this child then reaches the server itself (npx left it running).
const next = path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next");
const child = spawn(process.execPath, [next, "start", "-p", port, "-H", "127.0.0.1", "--keepAliveTimeout", "75000"], {
  stdio: ["inherit", "pipe", "pipe"],
  env,
});
child.stdout.on("data", (b: Buffer) => {
  process.stdout.write(b);
  logStream.write(b);
});
child.stderr.on("data", (b: Buffer) => {
  process.stderr.write(b);
  logStream.write(b);
});
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => child.kill(sig));
// SIGUSR2 (from e2e/teardown.ts): stop, and leave the PGlite folder for the teardown to search and remove.
let keepStore = false;
process.on("SIGUSR2", () => {
  keepStore = true;
  child.kill("SIGTERM");
  // Next waits for open keep-alive connections before it exits; the store survives a kill (PGlite replays its WAL).
  setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
});
child.on("exit", (code) => {
  if (env.DATA_DIR && !keepStore) fs.rmSync(env.DATA_DIR, { recursive: true, force: true });
  logStream.end(() => process.exit(code ?? 0));
});
