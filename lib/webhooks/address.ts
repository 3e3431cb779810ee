import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { badRequest } from "../errors";

/**
 * Which addresses a webhook may reach: public ones only, unless WEBHOOK_ALLOW_PRIVATE=1 (development and tests).
 * Checked when a webhook is saved (checkWebhookUrl) and again when a delivery connects (resolveChecked): a name that
 * pointed somewhere public when saved and now resolves to 127.0.0.1 (DNS rebinding) is refused at the second check,
 * and the connection goes to the address that was checked, never to a second lookup's answer.
 */

export type AddressClass = "unspecified" | "loopback" | "link-local" | "private" | "unique-local" | "site-local" | "multicast" | "reserved";

// [class, network, prefix length]. Hosts are WHATWG-normalised first, so 2130706433, 0x7f.1 and 127.1 arrive as 127.0.0.1.
const V4: [AddressClass, string, number][] = [
  ["unspecified", "0.0.0.0", 8], // "this network", 0.0.0.0 included (it reaches the local host)
  ["private", "10.0.0.0", 8],
  ["private", "100.64.0.0", 10], // shared address space behind carrier NAT (RFC 6598)
  ["loopback", "127.0.0.0", 8],
  ["link-local", "169.254.0.0", 16], // cloud metadata endpoints live here
  ["private", "172.16.0.0", 12],
  ["reserved", "192.0.0.0", 24], // IETF protocol assignments
  ["private", "192.168.0.0", 16],
  ["private", "198.18.0.0", 15], // benchmarking networks, used inside data centres
  ["multicast", "224.0.0.0", 4],
  ["reserved", "240.0.0.0", 4], // and the broadcast address 255.255.255.255
];
const V6: [AddressClass, string, number][] = [
  ["unspecified", "::", 128],
  ["loopback", "::1", 128],
  ["reserved", "::", 96], // IPv4-compatible (deprecated); their IPv4 part is also checked below
  ["reserved", "100::", 64], // discard-only
  ["unique-local", "fc00::", 7],
  ["link-local", "fe80::", 10],
  ["site-local", "fec0::", 10],
  ["multicast", "ff00::", 8],
];

const LISTS: [AddressClass, BlockList][] = [];
for (const [cls, net, prefix, type] of [...V4.map((r) => [...r, "ipv4"] as const), ...V6.map((r) => [...r, "ipv6"] as const)]) {
  let entry = LISTS.find(([c]) => c === cls);
  if (!entry) {
    entry = [cls, new BlockList()];
    LISTS.push(entry);
  }
  entry[1].addSubnet(net, prefix, type);
}

/** The eight 16-bit words of a valid IPv6 address (as net.isIP judged it), a trailing dotted IPv4 part included. */
function words6(address: string): number[] {
  let text = address;
  const lastColon = text.lastIndexOf(":");
  if (text.includes(".", lastColon)) {
    const [a, b, c, d] = text
      .slice(lastColon + 1)
      .split(".")
      .map(Number);
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const parse = (s: string) => (s === "" ? [] : s.split(":").map((h) => Number.parseInt(h, 16)));
  const gap = text.indexOf("::");
  if (gap === -1) return parse(text);
  const left = parse(text.slice(0, gap));
  const right = parse(text.slice(gap + 2));
  return [...left, ...Array(8 - left.length - right.length).fill(0), ...right];
}

/** The IPv4 address an IPv6 address stands for, when it embeds one: IPv4-mapped, IPv4-compatible, NAT64, 6to4. */
function embeddedV4(address: string): string | null {
  const w = words6(address);
  if (w.length !== 8) return null;
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zero = (from: number, to: number) => w.slice(from, to).every((x) => x === 0);
  if (zero(0, 5) && w[5] === 0xffff) return v4(w[6], w[7]); // ::ffff:a.b.c.d
  if (zero(0, 6)) return v4(w[6], w[7]); // ::a.b.c.d
  if (w[0] === 0x64 && w[1] === 0xff9b && zero(2, 6)) return v4(w[6], w[7]); // 64:ff9b::a.b.c.d
  if (w[0] === 0x2002) return v4(w[1], w[2]); // 2002:aabb:ccdd::
  return null;
}

/** The class of a blocked address, or null for a public one. `address` is a bare IP (no brackets); anything else is "reserved". */
export function blockedClass(address: string): AddressClass | null {
  const bare = address.split("%")[0]; // a zone index (fe80::1%eth0) says nothing about the address
  const family = isIP(bare);
  if (family === 0) return "reserved";
  const type = family === 4 ? "ipv4" : "ipv6";
  for (const [cls, list] of LISTS) if (list.check(bare, type)) return cls;
  if (family === 6) {
    const v4 = embeddedV4(bare);
    if (v4) return blockedClass(v4);
  }
  return null;
}

export const allowPrivate = () => process.env.WEBHOOK_ALLOW_PRIVATE === "1";

/** A URL's hostname as a resolver or isIP takes it: without IPv6 brackets. */
export const bareHost = (hostname: string) => (hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname);

/** Names that are loopback by definition (RFC 6761), whatever a resolver says today. */
const isLocalhostName = (host: string) => {
  const h = host.toLowerCase().replace(/\.$/, "");
  return h === "localhost" || h.endsWith(".localhost");
};

const ARTICLE: Record<AddressClass, string> = {
  unspecified: "an unspecified",
  loopback: "a loopback",
  "link-local": "a link-local",
  private: "a private",
  "unique-local": "a unique-local",
  "site-local": "a site-local",
  multicast: "a multicast",
  reserved: "a reserved",
};

export class RefusedAddress extends Error {
  constructor(
    readonly address: string,
    readonly cls: AddressClass,
  ) {
    super(`${address} is ${ARTICLE[cls]} address`);
  }
  /** "a loopback address", "a private address", ... */
  get kind(): string {
    return `${ARTICLE[this.cls]} address`;
  }
}

export type Resolved = { address: string; family: 4 | 6 };

function withDeadline<T>(p: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return p;
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason ?? new DOMException("aborted", "AbortError"));
    if (signal.aborted) return abort();
    signal.addEventListener("abort", abort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener("abort", abort));
  });
}

/** Every address `host` resolves to (an IP literal as it is, without a lookup); the resolver's error when none. */
export async function resolve(host: string, signal?: AbortSignal): Promise<Resolved[]> {
  const bare = bareHost(host);
  const literal = isIP(bare);
  if (literal) return [{ address: bare, family: literal as 4 | 6 }];
  if (isLocalhostName(bare) && !allowPrivate()) return [{ address: "127.0.0.1", family: 4 }];
  const all = (await withDeadline(lookup(bare, { all: true, verbatim: true }), signal)) as Resolved[];
  if (all.length === 0) throw Object.assign(new Error(`${bare} has no address`), { code: "ENOTFOUND" });
  return all;
}

/** Throws RefusedAddress for the first blocked address, unless WEBHOOK_ALLOW_PRIVATE=1. */
export function refuseBlocked(all: Resolved[]): void {
  if (allowPrivate()) return;
  for (const a of all) {
    const cls = blockedClass(a.address);
    if (cls) throw new RefusedAddress(a.address, cls);
  }
}

/**
 * Resolve `host` and check every address; the first is the one to connect to. A name with one public and one private
 * address is refused: the client could be sent to either.
 */
export async function resolveChecked(host: string, signal?: AbortSignal): Promise<Resolved> {
  const all = await resolve(host, signal);
  refuseBlocked(all);
  return all[0];
}

const SAVE_LOOKUP_MS = 3_000;

/**
 * The check when a webhook is saved: 400 naming `url` when its host is, or now resolves to, a blocked address. A name
 * that does not resolve yet is accepted: the delivery resolves it again and refuses it then if it must.
 */
export async function checkWebhookUrl(url: string): Promise<void> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw badRequest("The webhook URL is not allowed.", [{ path: "url", message: "must be an http:// or https:// URL" }]);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:")
    throw badRequest("The webhook URL is not allowed.", [{ path: "url", message: "must be an http:// or https:// URL" }]);
  if (allowPrivate()) return;
  try {
    await resolveChecked(u.hostname, AbortSignal.timeout(SAVE_LOOKUP_MS));
  } catch (e) {
    if (!(e instanceof RefusedAddress)) return;
    const literal = isIP(bareHost(u.hostname)) !== 0;
    const message = literal
      ? `must reach a public address: ${e.address} is ${e.kind}`
      : `must reach a public address: ${bareHost(u.hostname)} resolves to ${e.address}, ${e.kind}`;
    throw badRequest("The webhook URL points at an address webhooks may not reach.", [{ path: "url", message }]);
  }
}
