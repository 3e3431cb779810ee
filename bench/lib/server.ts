// The portal under a benchmark: `next start` on a port of its own (built beforehand), called over real HTTP with a
// bearer token. Shared by bench/lineage.ts and bench/telemetry.ts.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { listeningPid } from "./proc";

export function benchServer(port: number) {
  const base = `http://127.0.0.1:${port}`;

  /** Start the server and wait for /api/health; `pid` is the process listening (for RSS sampling). */
  async function startServer(): Promise<{ child: ChildProcess; pid: number }> {
    const env = {
      ...process.env,
      NEXTAUTH_SECRET: randomBytes(24).toString("hex"),
      NEXTAUTH_URL: base,
      NEXT_TELEMETRY_DISABLED: "1",
      LOG_LEVEL: "warn",
    };
    // BENCH_CPU_PROF=<dir>: the server writes a V8 CPU profile there when it stops (open it in Chrome's DevTools).
    const prof = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
    const child = spawn(process.execPath, [...prof, "node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"], {
      env,
      stdio: ["ignore", "inherit", "inherit"],
    });
    for (let i = 0; i < 240; i++) {
      if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
      const ok = await fetch(`${base}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return { child, pid: listeningPid(port) ?? (child.pid as number) };
      await new Promise((r) => setTimeout(r, 250));
    }
    child.kill("SIGTERM");
    throw new Error("the server did not answer /api/health within 60 s");
  }

  async function stopServer(child: ChildProcess | null) {
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  }

  /** One request; `headers` adds to (or overrides) the token and content type, e.g. accept-encoding. */
  async function call(
    token: string,
    method: string,
    url: string,
    body?: string,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; text: string; ms: number }> {
    const t0 = performance.now();
    const res = await fetch(`${base}${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
      body,
    });
    const text = await res.text();
    return { status: res.status, text, ms: performance.now() - t0 };
  }

  /** call(), and the parsed body; anything but 2xx throws. */
  async function must(token: string, method: string, url: string, body?: unknown) {
    const r = await call(token, method, url, body === undefined ? undefined : JSON.stringify(body));
    if (r.status >= 300) throw new Error(`${method} ${url}: ${r.status} ${r.text.slice(0, 500)}`);
    return JSON.parse(r.text);
  }

  return { base, startServer, stopServer, call, must };
}

/** The p-th percentile (nearest rank) of xs. */
export const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
