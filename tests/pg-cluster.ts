// A private PostgreSQL cluster for a test that must own its server (a replica beside it, a crash of it): initdb into a
// temporary folder, pg_ctl start on a free port, trust auth on 127.0.0.1 only. As root, the server runs as `postgres`
// (initdb refuses root). Absent binaries (a machine without the postgresql package): `pgBin()` is null and the caller
// skips, saying why; CI installs the package.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/** The newest installed PostgreSQL's bin folder, or null. */
export function pgBin(): string | null {
  const root = "/usr/lib/postgresql";
  if (!fs.existsSync(root)) return null;
  const found = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, "bin", "initdb")))
    .sort((a, b) => Number(a) - Number(b));
  return found.length ? path.join(root, found[found.length - 1], "bin") : null;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

const asRoot = process.getuid?.() === 0;

/** Run a PostgreSQL binary, as `postgres` when this process is root. */
export function pgRun(bin: string, tool: string, args: string[]): string {
  const exe = path.join(bin, tool);
  return asRoot
    ? execFileSync("runuser", ["-u", "postgres", "--", exe, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] })
    : execFileSync(exe, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

export type Cluster = {
  dir: string;
  port: number;
  url: (db?: string) => string;
  start: () => void;
  stop: (mode?: "fast" | "immediate") => void;
};

function cluster(bin: string, dir: string, port: number, sockets: string): Cluster {
  const opts = `-c listen_addresses=127.0.0.1 -p ${port} -k ${sockets} -c max_connections=100 -c fsync=on`;
  return {
    dir,
    port,
    url: (db = "postgres") => `postgres://postgres@127.0.0.1:${port}/${db}`,
    start: () => void pgRun(bin, "pg_ctl", ["-D", dir, "-l", `${dir}.log`, "-w", "-o", opts, "start"]),
    stop: (mode = "fast") => {
      try {
        pgRun(bin, "pg_ctl", ["-D", dir, "-m", mode, "-w", "stop"]);
      } catch {
        // already stopped
      }
    },
  };
}

function tempRoot(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "steward-pg-"));
  if (asRoot) execFileSync("chown", ["postgres", root]);
  return root;
}

/** A new primary, started. `remove()` stops it (and anything started from `root`) and deletes its files. */
export async function startPrimary(bin: string): Promise<Cluster & { root: string; remove: () => void }> {
  const root = tempRoot();
  const dir = path.join(root, "primary");
  pgRun(bin, "initdb", ["-D", dir, "-U", "postgres", "--auth=trust", "--no-sync"]);
  const c = cluster(bin, dir, await freePort(), root);
  c.start();
  return {
    ...c,
    root,
    remove: () => {
      c.stop("immediate");
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A streaming replica of `primary` (pg_basebackup -R: it follows the primary's WAL and refuses writes), started. */
export async function startReplica(bin: string, primary: Cluster & { root: string }): Promise<Cluster> {
  const dir = path.join(primary.root, "replica");
  pgRun(bin, "pg_basebackup", [
    "-h",
    "127.0.0.1",
    "-p",
    String(primary.port),
    "-U",
    "postgres",
    "-D",
    dir,
    "-R",
    "-X",
    "stream",
    "-c",
    "fast",
  ]);
  const c = cluster(bin, dir, await freePort(), primary.root);
  c.start();
  return c;
}
