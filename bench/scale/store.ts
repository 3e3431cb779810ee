// Where the scale dataset lives (bench/scale/seed.ts writes it, bench/reads.ts reads it): the database `steward_scale`
// (BENCH_SCALE_DB) on the DATABASE_URL server, which must be local; or, with DATABASE_URL unset, on a private cluster
// the seed starts with tests/pg-cluster.ts's startPrimary and leaves running, recorded in .bench-scale.json (its URL,
// folder and binaries), so the reads benchmark finds it and `npm run bench:seed -- --stop` stops and removes it.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/** The seed's admin user, whose token the reads benchmark uses. */
export const BENCH_USER = "bench-reads@example.com";
export const SCALE_DB = process.env.BENCH_SCALE_DB ?? "steward_scale";
export const STATE_FILE = path.join(process.cwd(), ".bench-scale.json");
export type ClusterState = { url: string; root: string; dir: string; bin: string; port: number };

const LOCAL = ["localhost", "127.0.0.1", "::1", "[::1]"];

/** The server URL (its `postgres` database) and the scale database's URL on it. */
export function scaleUrls(serverUrl: string): { admin: string; scale: string } {
  const u = new URL(serverUrl);
  if (!LOCAL.includes(u.hostname))
    throw new Error(`the scale dataset is only written to a local server (DATABASE_URL names ${u.hostname})`);
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(SCALE_DB)) throw new Error("BENCH_SCALE_DB must be a plain lower-case identifier");
  const admin = new URL(u);
  admin.pathname = "/postgres";
  const scale = new URL(u);
  scale.pathname = `/${SCALE_DB}`;
  return { admin: admin.toString(), scale: scale.toString() };
}

export function readClusterState(): ClusterState | null {
  if (!fs.existsSync(STATE_FILE)) return null;
  return JSON.parse(fs.readFileSync(STATE_FILE, "utf8")) as ClusterState;
}

/** The scale database's URL for a reader: DATABASE_URL's server, else the private cluster the seed left; null if none. */
export function scaleUrlForReads(): string | null {
  if (process.env.DATABASE_URL) return scaleUrls(process.env.DATABASE_URL).scale;
  const st = readClusterState();
  return st ? scaleUrls(st.url).scale : null;
}

/** COPY rows (CSV lines, each ending in "\n") into a table through psql's \copy, honouring the pipe's back-pressure. */
export function copyRows(url: string, table: string, columns: string[], lines: Iterable<string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const p = spawn(
      "psql",
      [url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", `\\copy ${table} (${columns.join(", ")}) from pstdin with (format csv)`],
      {
        stdio: ["pipe", "ignore", "inherit"],
      },
    );
    let n = 0;
    let failed = false;
    p.on("error", (e) => {
      failed = true;
      reject(e);
    });
    p.on("close", (code) => (code === 0 ? resolve(n) : reject(new Error(`psql \\copy ${table} exited ${code}`))));
    p.stdin.on("error", () => {
      /* psql ended first: its exit code tells */
    });
    const it = lines[Symbol.iterator]();
    const pump = () => {
      let chunk = "";
      for (;;) {
        if (failed) return;
        const r = it.next();
        if (r.done) {
          if (chunk) p.stdin.write(chunk);
          p.stdin.end();
          return;
        }
        chunk += r.value;
        n++;
        if (chunk.length > 1 << 20) {
          const ok = p.stdin.write(chunk);
          chunk = "";
          if (!ok) {
            p.stdin.once("drain", pump);
            return;
          }
        }
      }
    };
    pump();
  });
}

/** A CSV field: empty for null, else quoted (JSON for objects and arrays). */
export const csv = (v: unknown): string => {
  if (v === null || v === undefined) return "";
  const s = typeof v === "string" ? v : JSON.stringify(v);
  return `"${s.replace(/"/g, '""')}"`;
};
