// What the crash and many-instance specs (issue 17, items 1 and 2) share: production servers of their own (`next start`
// on the build, as scripts/e2e-server.ts starts the suite's), a private PostgreSQL cluster the test owns (initdb and
// pg_ctl, so it can be stopped with `-m immediate`), and plain HTTP without keep-alive (a killed server must not leave
// pooled sockets behind that fail the next server's first requests).
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { E2E } from "../env";

/** Ports for what a spec starts: above the suite's server and IdP (E2E_PORT, +1), so side-by-side runs stay apart. */
export const opsPort = (offset: number) => E2E.port + 2 + offset;

export type Reply = { status: number; headers: http.IncomingHttpHeaders; text: string; json: () => any };

/** One request on a fresh connection; rejects when the connection fails or is cut (the server was killed). */
export function call(
  port: number,
  method: string,
  urlPath: string,
  body?: unknown,
  headers: Record<string, string> = {},
  timeoutMs = 30_000,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        method,
        path: urlPath,
        agent: false,
        headers: {
          authorization: `Bearer ${E2E.bootstrapToken}`,
          ...(payload === undefined ? {} : { "content-type": "application/json", "content-length": Buffer.byteLength(payload) }),
          ...headers,
        },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error(`${method} ${urlPath} timed out`)));
    req.on("error", reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export { sleep };

/** The environment every server gets: the suite's test-only secrets, and no store of the suite's own. */
function baseEnv(port: number, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  delete env.DATA_DIR;
  return {
    ...env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    NEXTAUTH_SECRET: E2E.nextauthSecret,
    NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    PORTAL_ADMIN_EMAIL: E2E.users.admin,
    PORTAL_ADMIN_PASSWORD: E2E.password,
    PORTAL_BOOTSTRAP_TOKEN: E2E.bootstrapToken,
    AUDIT_CHECKPOINT_KEY: E2E.auditCheckpointKey,
    AUDIT_SIGNING_KEY: E2E.auditSigningKey,
    LOG_LEVEL: "error",
    WEBHOOK_ALLOW_PRIVATE: "1",
    ...extra,
  };
}

export type Server = {
  port: number;
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  kill: () => Promise<void>;
  stop: () => Promise<void>;
};

/** `next start` of the build (Next's own binary, as scripts/e2e-server.ts runs it, so a signal reaches the server). */
export function startServer(port: number, extra: Record<string, string>): Server {
  const next = path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next");
  const child = spawn(process.execPath, [next, "start", "-p", String(port), "-H", "127.0.0.1"], {
    env: baseEnv(port, extra),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  return {
    port,
    child,
    output: () => out,
    exited,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const t = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(t);
    },
  };
}

/** Wait until the server answers `path` with 200; throws with its output if it exits or takes longer than `ms`. */
export async function waitReady(s: Server, urlPath = "/api/health", ms = 60_000): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    if (s.child.exitCode !== null || s.child.signalCode !== null)
      throw new Error(`the server on port ${s.port} exited (${s.child.exitCode ?? s.child.signalCode}):\n${s.output()}`);
    try {
      const r = await call(s.port, "GET", urlPath, undefined, {}, 5000);
      if (r.status === 200) return Date.now() - t0;
    } catch {
      /* not listening yet */
    }
    if (Date.now() - t0 > ms) throw new Error(`the server on port ${s.port} did not answer ${urlPath} within ${ms} ms:\n${s.output()}`);
    await sleep(100);
  }
}

/** The newest PostgreSQL binaries installed, or null (CI installs postgresql; a machine without it skips). */
export function pgBin(): string | null {
  const root = "/usr/lib/postgresql";
  if (!fs.existsSync(root)) return null;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, "bin", "initdb")))
    .sort((a, b) => Number(a) - Number(b));
  return versions.length ? path.join(root, versions[versions.length - 1], "bin") : null;
}

export type Cluster = {
  url: (db?: string) => string;
  port: number;
  /** `pg_ctl stop -m immediate`: every backend ends at once, nothing is checkpointed (a crash, as far as data goes). */
  crash: () => void;
  start: () => void;
  destroy: () => void;
};

/**
 * A PostgreSQL cluster of the test's own in a temporary folder (as .ci/run starts its server). As root, initdb and the
 * server run as the postgres user, which PostgreSQL requires.
 */
export function startCluster(bin: string, port: number): Cluster {
  const root = process.getuid?.() === 0;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "steward-ops-pg-"));
  const data = path.join(tmp, "data");
  if (root) execFileSync("chown", ["postgres", tmp]);
  const as = (cmd: string, args: string[]) =>
    root
      ? execFileSync("runuser", ["-u", "postgres", "--", path.join(bin, cmd), ...args], { stdio: "pipe" })
      : execFileSync(path.join(bin, cmd), args, { stdio: "pipe" });
  as("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync"]);
  const start = () =>
    as("pg_ctl", [
      "-D",
      data,
      "-l",
      path.join(tmp, "server.log"),
      "-w",
      "-o",
      `-c listen_addresses=127.0.0.1 -p ${port} -k ${tmp} -c max_connections=100`,
      "start",
    ]);
  start();
  return {
    port,
    url: (db = "postgres") => `postgres://postgres@127.0.0.1:${port}/${db}`,
    crash: () => as("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]),
    start,
    destroy: () => {
      try {
        as("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } catch {
        /* already stopped */
      }
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** Every file under app, lib, db and scripts that changes a durability setting (none may). */
export function durabilityOverrides(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|tsx|mjs|js|sql)$/.test(e.name)) {
        const text = fs.readFileSync(p, "utf8");
        if (/synchronous_commit|\bfsync\s*=|full_page_writes|relaxedDurability/i.test(text)) found.push(p);
      }
    }
  };
  for (const d of ["app", "lib", "db", "scripts"]) walk(path.join(process.cwd(), d));
  return found;
}

/** A user with these roles, made by the bootstrap admin, and a read+write token of theirs (the Authorization header). */
export async function userToken(port: number, email: string, roles: string[]): Promise<Record<string, string>> {
  const u = await call(port, "POST", "/api/v1/users", { email, name: email.split("@")[0], roles });
  if (u.status !== 201 && u.status !== 409) throw new Error(`creating ${email}: ${u.status} ${u.text}`);
  const t = await call(port, "POST", `/api/v1/users/${encodeURIComponent(email)}/tokens`, { name: "ops test", scopes: ["read", "write"] });
  if (t.status !== 201) throw new Error(`a token for ${email}: ${t.status} ${t.text}`);
  return { authorization: `Bearer ${t.json().token}` };
}
