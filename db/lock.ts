import fs from "node:fs";
import os from "node:os";
import path from "node:path";

type LockInfo = { pid: number; host: string; startedAt: string; command: string };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

export class DataDirLockedError extends Error {}

/**
 * PGlite takes no lock of its own, and two processes on one data directory silently lose rows.
 * Take an exclusive lock file (created with O_EXCL via link, so the claim is atomic) and refuse a second owner.
 * A lock left by a process that no longer runs on this host is taken over.
 */
export function lockDataDir(dir: string): () => void {
  const lockPath = path.join(dir, "steward.lock");
  const me: LockInfo = {
    pid: process.pid,
    host: os.hostname(),
    startedAt: new Date().toISOString(),
    command: process.argv.slice(1).join(" ").slice(0, 200),
  };
  const tmp = `${lockPath}.${process.pid}.${Date.now()}`;
  fs.writeFileSync(tmp, JSON.stringify(me));
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        fs.linkSync(tmp, lockPath);
        const release = () => {
          try {
            const held = JSON.parse(fs.readFileSync(lockPath, "utf8")) as LockInfo;
            if (held.pid === process.pid) fs.unlinkSync(lockPath);
          } catch {
            /* already gone */
          }
        };
        process.once("exit", release);
        return release;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
        let held: LockInfo | null = null;
        try {
          held = JSON.parse(fs.readFileSync(lockPath, "utf8")) as LockInfo;
        } catch {
          held = null;
        }
        if (held && held.pid === process.pid && held.host === me.host) return () => {};
        if (held && (held.host !== me.host || alive(held.pid))) {
          throw new DataDirLockedError(
            `The data directory ${dir} is in use by process ${held.pid} on ${held.host} (started ${held.startedAt}: ${held.command}). ` +
              "Stop that process, or give this one its own DATA_DIR.",
          );
        }
        // Stale lock from a process that has exited: remove it and try again.
        try {
          fs.unlinkSync(lockPath);
        } catch {
          /* someone else removed it */
        }
      }
    }
    throw new DataDirLockedError(`Could not lock the data directory ${dir}; another process keeps claiming it.`);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}
