import { describe, expect, it } from "vitest";
import { parseTime } from "./time";

describe("parseTime", () => {
  it("reads a time without a zone as UTC", () => {
    expect(parseTime("2026-11-01T10:00:00").toISOString()).toBe("2026-11-01T10:00:00.000Z");
    expect(parseTime("2026-11-01").toISOString()).toBe("2026-11-01T00:00:00.000Z");
  });
  it("honours an explicit zone", () => {
    expect(parseTime("2026-11-01T10:00:00+02:00").toISOString()).toBe("2026-11-01T08:00:00.000Z");
    expect(parseTime("2026-11-01T10:00:00Z").toISOString()).toBe("2026-11-01T10:00:00.000Z");
  });
});
