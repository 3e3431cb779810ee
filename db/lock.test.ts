import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DataDirLockedError, lockDataDir } from "./lock";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "steward-lock-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A second process that takes the lock, says so, and holds it until killed. */
function holder(): Promise<{ pid: number; stop: () => void }> {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "-e",
      `
    const { lockDataDir } = await import(${JSON.stringify(path.resolve("db/lock.ts"))});
    lockDataDir(${JSON.stringify(dir)});
    console.log("locked");
    setInterval(() => {}, 1000);
  `,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  return new Promise((resolve, reject) => {
    child.stdout.on(
      "data",
      (d) => String(d).includes("locked") && resolve({ pid: child.pid as number, stop: () => child.kill("SIGKILL") }),
    );
    child.on("exit", (code) => reject(new Error(`holder exited with ${code}`)));
  });
}

describe("data directory lock", () => {
  it("refuses a second owner and names the process that holds it", async () => {
    const h = await holder();
    try {
      expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
      expect(() => lockDataDir(dir)).toThrow(new RegExp(`in use by process ${h.pid}`));
    } finally {
      h.stop();
    }
  });

  it("takes over a lock left by a process that has exited", async () => {
    await new Promise((r) => setTimeout(r, 300)); // the killed holder is gone
    const release = lockDataDir(dir);
    const info = JSON.parse(fs.readFileSync(path.join(dir, "steward.lock"), "utf8"));
    expect(info.pid).toBe(process.pid);
    release();
    expect(fs.existsSync(path.join(dir, "steward.lock"))).toBe(false);
  });
});
