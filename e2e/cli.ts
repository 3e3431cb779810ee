// Running the `steward` command line (bin/steward.mjs) as a pipeline would: a child process of plain Node, pointed at the
// e2e server by STEWARD_URL with a real token in STEWARD_TOKEN, its exit code, stdout and stderr returned.
import { spawn } from "node:child_process";
import path from "node:path";
import { BASE } from "./fixtures";

// Playwright runs from the checkout's root.
export const STEWARD_BIN = path.resolve("bin", "steward.mjs");

export type CliResult = { code: number; stdout: string; stderr: string };

/**
 * Run `steward ARGS…`. Only PATH, HOME and what `env` adds are passed on, so no CI variable of the machine running the
 * tests (GITHUB_RUN_ID, CI_PIPELINE_ID) keys the Idempotency-Keys; `env.STEWARD_TOKEN: undefined` leaves the token out.
 */
export function steward(
  args: string[],
  token: string | undefined,
  env: Record<string, string | undefined> = {},
  bin = STEWARD_BIN,
): Promise<CliResult> {
  const full: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    STEWARD_URL: BASE,
    ...(token ? { STEWARD_TOKEN: token } : {}),
  };
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete full[k];
    else full[k] = v;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env: full as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** The same, started now and awaited later (a `release wait` running while reviewers decide). */
export const stewardInBackground = (args: string[], token: string, env: Record<string, string> = {}) => steward(args, token, env);

/** Fail with everything the command said when its exit code is not the one expected. */
export function expectExit(r: CliResult, code: number): CliResult {
  if (r.code !== code) throw new Error(`steward exited ${r.code}, expected ${code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
  return r;
}
