import { afterEach, describe, expect, it } from "vitest";
import { addressBucket, clientAddress, UNKNOWN_ADDRESS } from "./address";

const saved = process.env.TRUST_PROXY;
afterEach(() => {
  if (saved === undefined) delete process.env.TRUST_PROXY;
  else process.env.TRUST_PROXY = saved;
});

describe("the client address rate limits and the security log key on", () => {
  it("without TRUST_PROXY ignores X-Forwarded-For, which any client can write: one shared bucket", () => {
    delete process.env.TRUST_PROXY;
    expect(clientAddress(new Headers({ "x-forwarded-for": "203.0.113.7" }))).toBe(UNKNOWN_ADDRESS);
    process.env.TRUST_PROXY = "0";
    expect(clientAddress({ "x-forwarded-for": "203.0.113.7" })).toBe(UNKNOWN_ADDRESS);
    process.env.TRUST_PROXY = "yes";
    expect(clientAddress({ "x-forwarded-for": "203.0.113.7" })).toBe(UNKNOWN_ADDRESS);
  });

  it("behind one proxy takes the last entry (what the proxy saw), not what the client wrote before it", () => {
    process.env.TRUST_PROXY = "1";
    expect(clientAddress(new Headers({ "x-forwarded-for": "203.0.113.7" }))).toBe("203.0.113.7");
    expect(clientAddress({ "x-forwarded-for": "10.9.9.9, 1.1.1.1,203.0.113.7" })).toBe("203.0.113.7");
    expect(clientAddress({ "x-forwarded-for": ["6.6.6.6", "203.0.113.7"] })).toBe("203.0.113.7");
    expect(clientAddress({})).toBe(UNKNOWN_ADDRESS);
    expect(clientAddress(new Headers({ "x-forwarded-for": "not-an-address" }))).toBe(UNKNOWN_ADDRESS);
    expect(clientAddress({ "x-forwarded-for": "x".repeat(5000) })).toBe(UNKNOWN_ADDRESS);
  });

  it("behind two proxies takes the second entry from the end, and a header with fewer entries is not believed", () => {
    process.env.TRUST_PROXY = "2";
    expect(clientAddress({ "x-forwarded-for": "6.6.6.6, 203.0.113.7, 10.0.0.2" })).toBe("203.0.113.7");
    expect(clientAddress({ "x-forwarded-for": "10.0.0.2" })).toBe(UNKNOWN_ADDRESS);
  });

  it("keeps IPv4 as is, IPv4-mapped IPv6 as IPv4, other IPv6 by its /64, and drops ports and zones", () => {
    expect(addressBucket("198.51.100.7")).toBe("198.51.100.7");
    expect(addressBucket("198.51.100.7:51234")).toBe("198.51.100.7");
    expect(addressBucket("::ffff:198.51.100.7")).toBe("198.51.100.7");
    expect(addressBucket("::ffff:c633:6407")).toBe("198.51.100.7");
    expect(addressBucket("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).toBe("2001:db8:1:2::/64");
    expect(addressBucket("2001:db8:1:2::1")).toBe("2001:db8:1:2::/64");
    expect(addressBucket("[2001:DB8:1:2::ff]:443")).toBe("2001:db8:1:2::/64");
    expect(addressBucket("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(addressBucket("::1")).toBe("0:0:0:0::/64");
    expect(addressBucket("")).toBeNull();
    expect(addressBucket("1.2.3")).toBeNull();
    expect(addressBucket("2001:db8::1::2")).toBeNull();
  });
});
