// The server Playwright tests run against: a fresh store (a new PGlite folder, or a reset local Postgres database),
// fixed test users, the demo portfolio, then `next start`. Never pointed at a non-local database.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { closeDb, getDb } from "../db/client";
import { DEMO_USERS, seedPortfolio, seedUsers } from "../db/seed";
import { bootstrap } from "../lib/auth/bootstrap";
import { E2E } from "../e2e/env";
import { startIdp } from "../e2e/oidc-idp";

const port = String(E2E.port);
const env: NodeJS.ProcessEnv = {
  ...process.env,
  NEXTAUTH_SECRET: "e2e-only-secret-not-used-anywhere-else-0123456789",
  NEXTAUTH_URL: `http://127.0.0.1:${port}`,
  PORTAL_BOOTSTRAP_TOKEN: E2E.bootstrapToken,
  // Signs GET /api/v1/audit/checkpoint; test-only, like the secret above.
  AUDIT_CHECKPOINT_KEY: "e2e-only-audit-checkpoint-key-0123456789abcdef",
  // Signs the audit log's checkpoints (Ed25519 seed, base64); test-only too.
  AUDIT_SIGNING_KEY: "ZTJlLW9ubHkgYXVkaXQgc2lnbmluZyBrZXkgIzAxMjM=",
  NEXT_TELEMETRY_DISABLED: "1",
  LOG_LEVEL: "warn",
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

// Idle keep-alive sockets stay open longer than any pause in a test: with Node's default of 5 s the server could close a
// socket just as a client reused it (a request failing with ECONNRESET).
const child = spawn("npx", ["next", "start", "-p", port, "-H", "127.0.0.1", "--keepAliveTimeout", "75000"], { stdio: "inherit", env });
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => {
  if (env.DATA_DIR) fs.rmSync(env.DATA_DIR, { recursive: true, force: true });
  process.exit(code ?? 0);
});
