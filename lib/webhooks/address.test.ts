import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { blockedClass, RefusedAddress, resolveChecked } from "./address";

// Every address below is checked as a URL host is: through WHATWG URL parsing first, as the portal does.
const hostOf = (url: string) => new URL(url).hostname;

describe("webhook addresses: which are refused", () => {
  beforeEach(() => {
    delete process.env.WEBHOOK_ALLOW_PRIVATE;
  });
  afterEach(() => {
    delete process.env.WEBHOOK_ALLOW_PRIVATE;
  });

  const refused: [string, string][] = [
    ["http://127.0.0.1/", "loopback"],
    ["http://127.8.9.10/", "loopback"],
    ["http://[::1]/", "loopback"],
    ["http://[0:0:0:0:0:0:0:1]/", "loopback"],
    ["http://169.254.169.254/latest/meta-data/", "link-local"],
    ["http://[fe80::1]/", "link-local"],
    ["http://10.0.0.1/", "private"],
    ["http://172.16.0.1/", "private"],
    ["http://172.31.255.254/", "private"],
    ["http://192.168.1.1/", "private"],
    ["http://100.64.0.1/", "private"],
    ["http://[fc00::1]/", "unique-local"],
    ["http://[fd12:3456:789a::1]/", "unique-local"],
    ["http://[fec0::1]/", "site-local"],
    ["http://224.0.0.1/", "multicast"],
    ["http://239.255.255.250/", "multicast"],
    ["http://[ff02::1]/", "multicast"],
    ["http://0.0.0.0/", "unspecified"],
    ["http://[::]/", "unspecified"],
    ["http://255.255.255.255/", "reserved"],
    // Numeric forms WHATWG URL parsing turns into 127.0.0.1 or 0.0.0.0.
    ["http://2130706433/", "loopback"],
    ["http://0x7f.1/", "loopback"],
    ["http://0x7f000001/", "loopback"],
    ["http://017700000001/", "loopback"],
    ["http://127.1/", "loopback"],
    ["http://127.0.0.1./", "loopback"],
    ["http://0/", "unspecified"],
    // IPv6 forms that carry an IPv4 address.
    ["http://[::ffff:127.0.0.1]/", "loopback"],
    ["http://[::ffff:7f00:1]/", "loopback"],
    ["http://[::ffff:169.254.169.254]/", "link-local"],
    ["http://[::ffff:10.0.0.1]/", "private"],
    ["http://[64:ff9b::a9fe:a9fe]/", "link-local"], // NAT64 of 169.254.169.254
    ["http://[2002:7f00:1::]/", "loopback"], // 6to4 of 127.0.0.1
    ["http://[::127.0.0.1]/", "reserved"], // IPv4-compatible (deprecated)
  ];
  for (const [url, cls] of refused) {
    it(`${url} is ${cls}`, () => {
      expect(blockedClass(hostOf(url).replace(/^\[|\]$/g, ""))).toBe(cls);
    });
  }

  for (const url of [
    "http://93.184.215.14/",
    "http://8.8.8.8/",
    "http://[2606:4700:4700::1111]/",
    "http://[::ffff:8.8.8.8]/",
    "http://172.32.0.1/",
    "http://[64:ff9b::808:808]/",
  ]) {
    it(`${url} is public`, () => {
      expect(blockedClass(hostOf(url).replace(/^\[|\]$/g, ""))).toBeNull();
    });
  }

  it("localhost resolves to loopback and is refused, with its address named; an IP literal is checked without a lookup", async () => {
    await expect(resolveChecked("localhost")).rejects.toMatchObject({ address: "127.0.0.1", cls: "loopback" });
    await expect(resolveChecked("api.localhost")).rejects.toBeInstanceOf(RefusedAddress);
    await expect(resolveChecked("[::1]")).rejects.toMatchObject({ address: "::1", cls: "loopback" });
    expect(await resolveChecked("8.8.8.8")).toEqual({ address: "8.8.8.8", family: 4 });
    expect(await resolveChecked("[2606:4700:4700::1111]")).toEqual({ address: "2606:4700:4700::1111", family: 6 });
  });

  it("WEBHOOK_ALLOW_PRIVATE=1 lets loopback through (development and tests)", async () => {
    process.env.WEBHOOK_ALLOW_PRIVATE = "1";
    expect(await resolveChecked("127.0.0.1")).toEqual({ address: "127.0.0.1", family: 4 });
    expect((await resolveChecked("localhost")).address).toBe("127.0.0.1");
    process.env.WEBHOOK_ALLOW_PRIVATE = "true"; // only "1" opts in
    await expect(resolveChecked("127.0.0.1")).rejects.toBeInstanceOf(RefusedAddress);
  });
});
