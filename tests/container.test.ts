// The container (issue 17, item 6), without Docker: this machine and CI cannot run it, so the Dockerfile's last stage is
// replayed by hand. Its `COPY --from=build` lines are read from the Dockerfile and applied to a temporary folder (the
// image's /app), the server is started there with the Dockerfile's CMD and the environment compose.yaml gives each
// portal instance, and /api/health must answer 200; the HEALTHCHECK command, run as Docker would, must exit 0.
// Needs `npm run build` first (CI does it); without .next/standalone the test is skipped, saying so.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";

const root = process.cwd();
const distDir = process.env.NEXT_DIST_DIR ?? ".next";
const standalone = path.join(root, distDir, "standalone", "server.js");
const built = fs.existsSync(standalone);
// A build without standalone output means next.config.ts lost `output: "standalone"`, which the image needs: that fails.
const builtWithout = !built && fs.existsSync(path.join(root, distDir, "BUILD_ID"));
if (!built && !builtWithout) console.warn(`tests/container.test.ts skipped: there is no build in ${distDir}; run \`npm run build\` first.`);

describe.skipIf(!builtWithout)("the build", () => {
  it("has the standalone output the Dockerfile copies", () => {
    expect.fail(
      `${path.relative(root, standalone)} is missing from the build in ${distDir}: rebuild (npm run build); if it is still missing, next.config.ts lost output: "standalone"`,
    );
  });
});

type Stage = { copies: { from: string; to: string }[]; workdir: string; cmd: string[]; healthcheck: string[]; user: string };

/** The Dockerfile's last stage: its copies from the build stage, WORKDIR, USER, HEALTHCHECK and CMD (exec form). */
function lastStage(text: string): Stage {
  const lines = text.replace(/\\\n/g, " ").split("\n");
  const from = lines.map((l, i) => (/^FROM\s/i.test(l) ? i : -1)).filter((i) => i >= 0);
  const stage = lines.slice(from[from.length - 1]);
  const out: Stage = { copies: [], workdir: "/", cmd: [], healthcheck: [], user: "root" };
  for (const l of stage) {
    const [word, ...rest] = l.trim().split(/\s+/);
    const args = rest.join(" ");
    if (word === "WORKDIR") out.workdir = args;
    if (word === "USER") out.user = args;
    if (word === "CMD") out.cmd = JSON.parse(args);
    if (word === "HEALTHCHECK") out.healthcheck = JSON.parse(args.slice(args.indexOf("CMD ") + 4));
    if (word === "COPY" && rest.includes("--from=build")) {
      const paths = rest.filter((a) => !a.startsWith("--"));
      out.copies.push({ from: paths[0], to: paths[1] });
    }
  }
  return out;
}

/** ${VAR:?message} and ${VAR:-default} as compose resolves them, from `vars`. */
function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(/\$\{([A-Z_]+)(?::([?-])([^}]*))?\}/g, (_m, name: string, op?: string, arg?: string) => {
    if (vars[name] !== undefined) return vars[name];
    if (op === "-") return arg ?? "";
    throw new Error(`compose.yaml needs ${name}: ${arg}`);
  });
}

/** One statement on the test's PostgreSQL server (a local one only, as tests/store.ts requires). */
async function admin(statement: string) {
  const url = new URL(process.env.DATABASE_URL ?? "");
  if (!["localhost", "127.0.0.1", "::1"].includes(url.hostname)) throw new Error("tests only run against a local Postgres");
  const { Client } = await import("pg");
  const c = new Client({ connectionString: url.toString() });
  await c.connect();
  try {
    await c.query(statement);
  } finally {
    await c.end();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

describe.skipIf(!built)("the container image's server, started as the Dockerfile's CMD with compose.yaml's environment", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "steward-container-"));
  let server: ChildProcess | undefined;
  let database: string | undefined;
  afterAll(async () => {
    const child = server;
    if (child && child.exitCode === null) {
      // As `docker stop`: SIGTERM, then SIGKILL after a grace period (3 s here, not Docker's 10).
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(tmp, { recursive: true, force: true });
    if (database) await admin(`drop database if exists ${database} with (force)`);
  });

  it("serves /api/health with 200 from the standalone build laid out as the image's /app", async () => {
    const stage = lastStage(fs.readFileSync(path.join(root, "Dockerfile"), "utf8"));
    expect(stage.user).toBe("steward");
    expect(stage.cmd).toEqual(["node", "server.js"]);
    expect(stage.healthcheck[0]).toBe("node");
    // The image's /app, with every COPY --from=build of the last stage applied (the build's /app is this checkout).
    const app = path.join(tmp, "app");
    for (const { from, to } of stage.copies) {
      const src = path.join(root, path.relative("/app", from).replace(/^\.next(?=\/|$)/, distDir));
      const dest = path.resolve(app, path.relative(stage.workdir, path.resolve(stage.workdir, to)));
      fs.cpSync(src, dest, { recursive: true, verbatimSymlinks: true });
    }
    expect(fs.existsSync(path.join(app, "server.js"))).toBe(true);

    const compose = parse(fs.readFileSync(path.join(root, "compose.yaml"), "utf8"));
    const port = await freePort();
    const secrets = {
      POSTGRES_PASSWORD: "unused",
      NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
      AUDIT_SIGNING_KEY: randomBytes(32).toString("base64"),
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    };
    const env: Record<string, string> = Object.create(null);
    for (const [k, v] of Object.entries(compose["x-portal"].environment as Record<string, string>))
      env[k] = interpolate(String(v), secrets);
    expect(env.DATABASE_URL).toMatch(/^postgres:\/\/steward:unused@db:5432\/steward$/);
    // The compose file's database host is not here: the test's PostgreSQL when there is one, else the embedded store
    // in the image's data volume (the Dockerfile's DATA_DIR).
    if (process.env.DATABASE_URL) {
      database = `steward_test_container_${randomBytes(4).toString("hex")}`;
      await admin(`create database ${database}`);
      const u = new URL(process.env.DATABASE_URL);
      u.pathname = `/${database}`;
      env.DATABASE_URL = u.toString();
    } else delete env.DATABASE_URL;
    const dataDir = path.join(tmp, "data");
    fs.mkdirSync(dataDir);
    const image = { NODE_ENV: "production" as const, NEXT_TELEMETRY_DISABLED: "1", DATA_DIR: dataDir, PATH: process.env.PATH ?? "" };
    const child = spawn(stage.cmd[0] === "node" ? process.execPath : stage.cmd[0], stage.cmd.slice(1), {
      cwd: app,
      env: { ...image, ...env, PORT: String(port), HOSTNAME: "127.0.0.1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    server = child;
    let output = "";
    child.stdout?.on("data", (d) => {
      output += d;
    });
    child.stderr?.on("data", (d) => {
      output += d;
    });

    let status = 0;
    let body: { status?: string; db?: string } = {};
    let headers = new Headers();
    for (let i = 0; i < 100 && child.exitCode === null; i++) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/health`);
        status = res.status;
        headers = res.headers;
        body = await res.json();
        if (status === 200) break;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    if (status !== 200) throw new Error(`the server did not answer /api/health with 200 (last ${status}); its output:\n${output}`);
    expect(body).toMatchObject({ status: "ok", db: process.env.DATABASE_URL ? "postgres" : "pglite" });
    // next.config.ts's headers travel with the standalone build.
    expect(headers.get("x-content-type-options")).toBe("nosniff");

    // Docker's HEALTHCHECK, run in the container's environment.
    const probe = spawnSync(process.execPath, stage.healthcheck.slice(1), { env: { ...image, PORT: String(port) }, timeout: 10_000 });
    expect(probe.status).toBe(0);
  }, 60_000);
});
