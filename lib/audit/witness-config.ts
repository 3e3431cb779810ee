// The witnesses and the publishing schedule, from the environment (README, "Configuration"). Pure.
import { type CosignatureVerifier, parseCosignerKey } from "./cosignature";

export type Witness = CosignatureVerifier & { url: string };
export type PublishConfig = { everyMinutes: number; everyEntries: number; pollMs: number; witnesses: Witness[] };
type Env = Record<string, string | undefined>;

function positive(env: Env, name: string, fallback: number): number | { error: string } {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^[0-9]{1,9}(\.[0-9]{1,6})?$/.test(raw) || Number(raw) <= 0)
    return { error: `${name} must be a positive number, not ${JSON.stringify(raw)}` };
  return Number(raw);
}

/**
 * AUDIT_WITNESSES: one witness per line (or separated by ";"), each its verifier key (type 0x04, as the witness
 * publishes it) and its submission prefix URL, separated by a space. A checkpoint is published when
 * AUDIT_CHECKPOINT_ENTRIES (1,000) entries were added since the last one, or AUDIT_CHECKPOINT_MINUTES (60) passed
 * and any was; the publisher looks every AUDIT_PUBLISH_POLL_MS (30 s).
 */
export function readPublishConfig(env: Env = process.env): PublishConfig | { error: string } {
  const everyMinutes = positive(env, "AUDIT_CHECKPOINT_MINUTES", 60);
  if (typeof everyMinutes !== "number") return everyMinutes;
  const everyEntries = positive(env, "AUDIT_CHECKPOINT_ENTRIES", 1000);
  if (typeof everyEntries !== "number") return everyEntries;
  const pollMs = positive(env, "AUDIT_PUBLISH_POLL_MS", 30_000);
  if (typeof pollMs !== "number") return pollMs;
  const witnesses: Witness[] = [];
  const seen = new Set<string>();
  for (const [i, raw] of (env.AUDIT_WITNESSES ?? "").split(/[\n;]/).entries()) {
    const item = raw.trim();
    if (!item) continue;
    const space = item.search(/\s/);
    if (space < 0) return { error: `AUDIT_WITNESSES item ${i + 1}: give the witness's key, a space, and its URL` };
    const key = parseCosignerKey(item.slice(0, space));
    if ("error" in key) return { error: `AUDIT_WITNESSES item ${i + 1}: ${key.error}` };
    const url = item.slice(space + 1).trim();
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return { error: `AUDIT_WITNESSES item ${i + 1}: ${JSON.stringify(url)} is not a URL` };
    }
    if (parsed.protocol !== "https:" && parsed.protocol !== "http:")
      return { error: `AUDIT_WITNESSES item ${i + 1}: the URL must be http or https` };
    if (seen.has(key.vkey)) return { error: `AUDIT_WITNESSES item ${i + 1}: the witness ${key.name} is listed twice` };
    seen.add(key.vkey);
    let end = url.length;
    while (end > 0 && url[end - 1] === "/") end--;
    witnesses.push({ ...key, url: url.slice(0, end) });
  }
  return { everyMinutes, everyEntries, pollMs, witnesses };
}
