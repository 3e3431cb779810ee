import { describe, expect, it } from "vitest";
import { openCheckpoint, parseVerifierKey, signNote } from "./note";
import { logOrigin, readSigningKey, signingKeyRefusal } from "./signing";

const SEED = "q0pvJ3jX0m6FvJw5c2v8Kk1yQm3l9l1dE4nJ6o7pR8s=";

describe("the audit signing key (AUDIT_SIGNING_KEY)", () => {
  it("names the key by AUDIT_LOG_ORIGIN, else by NEXTAUTH_URL's host + /steward-audit", () => {
    expect(logOrigin({ AUDIT_LOG_ORIGIN: "audit.example.org/log" })).toBe("audit.example.org/log");
    expect(logOrigin({ NEXTAUTH_URL: "https://portal.example.com:8443/x" })).toBe("portal.example.com:8443/steward-audit");
    expect(logOrigin({})).toBe("localhost/steward-audit");
    const k = readSigningKey({ AUDIT_SIGNING_KEY: SEED, NEXTAUTH_URL: "https://portal.example.com" });
    if ("error" in k) throw new Error(k.error);
    expect(k.origin).toBe("portal.example.com/steward-audit");
    expect(k.verifierKey.startsWith("portal.example.com/steward-audit+")).toBe(true);
    const v = parseVerifierKey(k.verifierKey);
    if ("error" in v) throw new Error(v.error);
    expect(openCheckpoint(signNote(`${k.origin}\n0\n${Buffer.alloc(32).toString("base64")}\n`, [k.signer]), [v])).toMatchObject({
      size: 0,
    });
  });

  it("takes a note private key (PRIVATE+KEY+…) whose name is the origin, and refuses one named otherwise", () => {
    const k = readSigningKey({ AUDIT_SIGNING_KEY: "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz" });
    // Go's published example key parses, and is refused as weak: anyone holds it.
    expect(k).toEqual({ error: expect.stringMatching(/AUDIT_SIGNING_KEY is weak: it is a published example key/) });
    expect(
      readSigningKey({
        AUDIT_SIGNING_KEY: "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz",
        AUDIT_LOG_ORIGIN: "x.example/log",
      }),
    ).toEqual({
      error: expect.stringMatching(/named PeterNeumann, but AUDIT_LOG_ORIGIN is x.example\/log/),
    });
  });

  it("refuses a missing, malformed, short or non-random key, naming the variable and how to make one", () => {
    expect(readSigningKey({})).toEqual({ error: expect.stringMatching(/^AUDIT_SIGNING_KEY is not set.*randomBytes\(32\)/) });
    expect(readSigningKey({ AUDIT_SIGNING_KEY: "secret" })).toEqual({ error: expect.stringMatching(/base64 of 32 random bytes/) });
    expect(readSigningKey({ AUDIT_SIGNING_KEY: Buffer.alloc(16, 1).toString("base64") })).toEqual({
      error: expect.stringMatching(/base64 of 32 random bytes/),
    });
    expect(readSigningKey({ AUDIT_SIGNING_KEY: Buffer.alloc(32, 0).toString("base64") })).toEqual({
      error: expect.stringMatching(/weak: its 32 bytes hold only 1 distinct values/),
    });
    expect(readSigningKey({ AUDIT_SIGNING_KEY: Buffer.from("abababababababababababababababab").toString("base64") })).toEqual({
      error: expect.stringMatching(/weak/),
    });
  });

  it("stops a production start without a good key, and lets development start", () => {
    expect(signingKeyRefusal({ NODE_ENV: "production" })).toMatch(/^Refusing to start: AUDIT_SIGNING_KEY is not set/);
    expect(signingKeyRefusal({ NODE_ENV: "production", AUDIT_SIGNING_KEY: Buffer.alloc(32, 7).toString("base64") })).toMatch(
      /^Refusing to start: AUDIT_SIGNING_KEY is weak/,
    );
    expect(signingKeyRefusal({ NODE_ENV: "production", AUDIT_SIGNING_KEY: SEED })).toBeNull();
    expect(signingKeyRefusal({ NODE_ENV: "development" })).toBeNull();
  });
});
