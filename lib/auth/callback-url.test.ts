import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "./callback-url";

const ORIGIN = "https://steward.example.com";

describe("the sign-in page's callbackUrl: kept only when it stays on the portal's origin", () => {
  it.each([
    ["/\\evil.example", "a backslash a browser reads as //"],
    ["/\\/evil.example", "backslash then slash"],
    ["//evil.example", "protocol-relative"],
    ["//evil.example/models", "protocol-relative with a path"],
    ["https://evil.example/", "another origin"],
    ["http://steward.example.com/models", "the same host over another scheme"],
    ["https://steward.example.com:8443/models", "the same host on another port"],
    ["javascript:alert(1)", "a script URL"],
    ["\t//evil.example", "leading whitespace, which URL strips"],
    ["https://steward.example.com@evil.example/", "credentials before another host"],
    ["", "empty"],
  ])("refuses %j (%s): sign-in goes to /", (raw) => {
    expect(safeCallbackUrl(raw, ORIGIN)).toBe("/");
  });

  it.each([
    ["/models", "/models"],
    ["/models?sort=-riskTier", "/models?sort=-riskTier"],
    ["/models/credit-risk#versions", "/models/credit-risk#versions"],
    ["models", "/models"],
    ["https://steward.example.com/audit?kind=release", "/audit?kind=release"],
  ])("keeps %j as %j", (raw, kept) => {
    expect(safeCallbackUrl(raw, ORIGIN)).toBe(kept);
  });

  it("never returns a path a browser would read as protocol-relative", () => {
    // On the portal's own origin, a path beginning with two slashes is still a path here, but not once in a Location.
    expect(safeCallbackUrl("https://steward.example.com//evil.example", ORIGIN)).toBe("/evil.example");
    expect(safeCallbackUrl("/%2F%2Fevil.example", ORIGIN)).toBe("/%2F%2Fevil.example");
  });

  it("without NEXTAUTH_URL only paths survive", () => {
    const saved = process.env.NEXTAUTH_URL;
    delete process.env.NEXTAUTH_URL;
    try {
      expect(safeCallbackUrl("/models")).toBe("/models");
      expect(safeCallbackUrl("/\\evil.example")).toBe("/");
      expect(safeCallbackUrl("https://steward.example.com/models")).toBe("/");
    } finally {
      if (saved !== undefined) process.env.NEXTAUTH_URL = saved;
    }
  });
});
