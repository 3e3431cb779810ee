// A zip whose bytes depend only on the files given: a fixed order, one fixed modification time, fixed compression.
import { strToU8, type Zippable, zipSync } from "fflate";

export type PackFile = { path: string; content: string };

/**
 * fflate writes a zip entry's time as DOS local time (from Date's local fields), so the same instant would give
 * different bytes on servers in different time zones. A Date built from the instant's UTC fields read as local
 * time gives the UTC wall clock everywhere.
 */
export function zipTime(at: Date): Date {
  const t = new Date(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate(), at.getUTCHours(), at.getUTCMinutes(), at.getUTCSeconds());
  return t.getFullYear() < 1980 ? new Date(1980, 0, 1) : t;
}

export function deterministicZip(files: PackFile[], at: Date): Uint8Array {
  const mtime = zipTime(at);
  const seen = new Set<string>();
  const data: Zippable = {};
  for (const f of files) {
    if (seen.has(f.path)) throw new Error(`${f.path} is in the pack twice`);
    seen.add(f.path);
    data[f.path] = [strToU8(f.content), { mtime, level: 6 }];
  }
  return zipSync(data, { mtime, level: 6 });
}
