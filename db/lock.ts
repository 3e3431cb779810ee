import fs from "node:fs";
import os from "node:os";
import path from "node:path";

type LockInfo = { pid: number; host: string; startedAt: string; command: string; procStart?: string };

/**
 * A process's state and start time (in clock ticks since boot) from /proc/<pid>/stat, or null where there is no /proc
 * (not Linux) or no such process. The command name (field 2) may hold spaces and parentheses: read after its last ")".
 */
function procStat(pid: number): { state: string; start: string } | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { state: fields[0], start: fields[19] };
  } catch {
    return null;
  }
}

/**
 * Whether the lock's owner still runs. A process killed with SIGKILL stays a zombie (state Z) until its parent reaps
 * it, and signal 0 still reaches a zombie: a supervisor restarting the server at once must not be refused by the
 * corpse, so a zombie counts as gone. A live process with the pid but another start time is a newer process that was
 * given the dead owner's pid: gone too.
 */
function alive(held: LockInfo): boolean {
  try {
    process.kill(held.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const stat = procStat(held.pid);
  if (!stat) return true;
  if (stat.state === "Z" || stat.state === "X") return false;
  return !held.procStart || held.procStart === stat.start;
}

export class DataDirLockedError extends Error {}

/**
 * PGlite takes no lock of its own, and two processes on one data directory silently lose rows.
 * Take an exclusive lock file (created with O_EXCL via link, so the claim is atomic) and refuse a second owner.
 * A lock left by a process that no longer runs on this host is taken over at once, even while the killed owner is
 * still a zombie its parent has not reaped (a restart right after `kill -9`).
 */
export function lockDataDir(dir: string): () => void {
  const lockPath = path.join(dir, "steward.lock");
  const me: LockInfo = {
    pid: process.pid,
    host: os.hostname(),
    startedAt: new Date().toISOString(),
    command: process.argv.slice(1).join(" ").slice(0, 200),
    procStart: procStat(process.pid)?.start,
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
        if (held && (held.host !== me.host || alive(held))) {
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
