// npm run demo: build if needed, migrate, seed a demo portfolio with one user per role, print the sign-ins, serve.
import { execSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { closeDb, getDb } from "../db/client";
import { DEMO_USERS, seedPortfolio, seedUsers } from "../lib/demo/seed";

if (process.env.DATABASE_URL) console.log("DATABASE_URL is set: the demo seeds that server.");
const dataDir = path.resolve(process.env.DATA_DIR ?? ".data");
process.env.DATA_DIR = dataDir;
fs.mkdirSync(dataDir, { recursive: true });

// Kept beside the data (never in the repository), so sessions and passwords survive a restart.
const secretFile = path.join(dataDir, "nextauth-secret");
if (!process.env.NEXTAUTH_SECRET) {
  if (!fs.existsSync(secretFile)) fs.writeFileSync(secretFile, randomBytes(32).toString("base64url"), { mode: 0o600 });
  process.env.NEXTAUTH_SECRET = fs.readFileSync(secretFile, "utf8").trim();
}
// The audit log's signing key (Ed25519 seed): made once and kept beside the data, like the secret above.
const signingKeyFile = path.join(dataDir, "audit-signing-key");
if (!process.env.AUDIT_SIGNING_KEY) {
  if (!fs.existsSync(signingKeyFile)) fs.writeFileSync(signingKeyFile, randomBytes(32).toString("base64"), { mode: 0o600 });
  process.env.AUDIT_SIGNING_KEY = fs.readFileSync(signingKeyFile, "utf8").trim();
}
const credFile = path.join(dataDir, "demo-credentials.json");
const creds: Record<string, string> = fs.existsSync(credFile) ? JSON.parse(fs.readFileSync(credFile, "utf8")) : {};

await getDb();
await seedUsers((email) => (creds[email] ??= randomBytes(9).toString("base64url")));
fs.writeFileSync(credFile, JSON.stringify(creds, null, 2), { mode: 0o600 });
await seedPortfolio();
await closeDb(); // releases the data directory for the server

if (!fs.existsSync(".next/BUILD_ID")) {
  console.log("Building the portal (first run only, about a minute)…");
  execSync("npx next build", { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
}

const port = process.env.PORT ?? "3000";
const url = process.env.NEXTAUTH_URL ?? `http://localhost:${port}`;
console.log(`\nSteward demo at ${url}  (data in ${dataDir})\nSign in as:`);
for (const u of DEMO_USERS)
  console.log(`  ${u.roles.join(",").padEnd(12)} ${u.email.padEnd(26)} ${creds[u.email] ?? "(password set earlier)"}`);
console.log("");

const child = spawn("npx", ["next", "start", "-p", port], {
  stdio: "inherit",
  env: { ...process.env, NEXTAUTH_URL: url, NEXT_TELEMETRY_DISABLED: "1" },
});
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
