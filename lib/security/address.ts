import { isIP } from "node:net";

/** The bucket every client shares when its address cannot be known (no TRUST_PROXY). */
export const UNKNOWN_ADDRESS = "unknown";

type HeaderSource = Headers | Record<string, string | string[] | undefined> | null | undefined;

function header(h: HeaderSource, name: string): string | null {
  if (!h) return null;
  if (typeof (h as Headers).get === "function") return (h as Headers).get(name);
  const v = (h as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(v) ? v.join(", ") : (v ?? null);
}

/** How many proxies in front of the portal append to X-Forwarded-For (TRUST_PROXY; 0 when unset or not a number). */
export function trustedProxyHops(): number {
  const n = Number.parseInt(process.env.TRUST_PROXY ?? "", 10);
  return Number.isFinite(n) && n > 0 ? Math.min(n, 10) : 0;
}

/** The eight 16-bit groups of an IPv6 address (as numbers), or null. */
function ipv6Groups(a: string): number[] | null {
  const halves = a.split("::");
  if (halves.length > 2) return null;
  const parse = (s: string) => (s === "" ? [] : s.split(":"));
  let head = parse(halves[0]);
  let tail = halves.length === 2 ? parse(halves[1]) : [];
  // An embedded IPv4 tail (::ffff:1.2.3.4) is two groups.
  const last = (halves.length === 2 ? tail : head).at(-1);
  if (last && isIP(last) === 4) {
    const b = last.split(".").map(Number);
    const groups = [((b[0] << 8) | b[1]).toString(16), ((b[2] << 8) | b[3]).toString(16)];
    if (halves.length === 2) tail = [...tail.slice(0, -1), ...groups];
    else head = [...head.slice(0, -1), ...groups];
  }
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  if (fill < 0 || (halves.length === 1 && head.length !== 8)) return null;
  const all = [...head, ...Array.from({ length: fill }, () => "0"), ...tail];
  return all.map((g) => Number.parseInt(g, 16));
}

/**
 * One address as a rate-limit bucket: IPv4 as is (an IPv4-mapped IPv6 address too), IPv6 by its /64 prefix, since
 * anyone holding one address usually holds the whole /64. Null when it is not an IP address.
 */
export function addressBucket(raw: string): string | null {
  let a = raw.trim();
  // "1.2.3.4:5678" (some proxies add the port); a bracketed "[v6]:port".
  const colon = a.lastIndexOf(":");
  if (colon > 0 && a.indexOf(":") === colon && isIP(a.slice(0, colon)) === 4) a = a.slice(0, colon);
  if (a.startsWith("[") && a.includes("]")) a = a.slice(1, a.indexOf("]"));
  const zone = a.indexOf("%");
  if (zone > 0) a = a.slice(0, zone);
  const v = isIP(a);
  if (v === 4) return a;
  if (v !== 6) return null;
  const g = ipv6Groups(a.toLowerCase());
  if (!g) return null;
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return `${g[6] >> 8}.${g[6] & 255}.${g[7] >> 8}.${g[7] & 255}`;
  return `${g
    .slice(0, 4)
    .map((x) => x.toString(16))
    .join(":")}::/64`;
}

/**
 * The client address that rate limits and the security log key on.
 *
 * `next start` exposes no socket address to route handlers; it only copies it into X-Forwarded-For when the request
 * has none, so a client can write that header itself. The header is therefore believed only when TRUST_PROXY says how
 * many proxies in front of the portal append to it (1 for one reverse proxy): the entry that many places from its
 * end is the address the outermost trusted proxy saw. Without TRUST_PROXY, or when the header is missing, short or
 * not an address, every client shares one bucket, UNKNOWN_ADDRESS.
 */
export function clientAddress(headers: HeaderSource): string {
  const hops = trustedProxyHops();
  if (!hops) return UNKNOWN_ADDRESS;
  const xff = header(headers, "x-forwarded-for");
  if (!xff || xff.length > 4096) return UNKNOWN_ADDRESS;
  const entries = xff.split(",");
  if (entries.length < hops) return UNKNOWN_ADDRESS;
  return addressBucket(entries[entries.length - hops]) ?? UNKNOWN_ADDRESS;
}
