import { strFromU8, unzipSync } from "fflate";
import { afterEach, describe, expect, it } from "vitest";
import { deterministicZip, zipTime } from "./zip";

describe("the zip", () => {
  const tz = process.env.TZ;
  afterEach(() => {
    process.env.TZ = tz;
  });
  const files = [
    { path: "README.md", content: "# Pack\n" },
    { path: "audit/entries.ndjson", content: '{"seq":1}\n' },
  ];
  const at = new Date("2026-11-03T09:41:26.500Z");

  it("is the same bytes in every time zone, dated at the UTC wall clock, in the order given", () => {
    process.env.TZ = "America/New_York";
    const ny = deterministicZip(files, at);
    process.env.TZ = "Asia/Kolkata";
    const kolkata = deterministicZip(files, at);
    expect(Buffer.from(kolkata).equals(Buffer.from(ny))).toBe(true);
    // The first local header: DOS time at byte 10, date at byte 12 (little-endian).
    const view = new DataView(ny.buffer, ny.byteOffset);
    const time = view.getUint16(10, true);
    const date = view.getUint16(12, true);
    expect([(date >> 9) + 1980, (date >> 5) & 15, date & 31]).toEqual([2026, 11, 3]);
    expect([time >> 11, (time >> 5) & 63, (time & 31) * 2]).toEqual([9, 41, 26]);
    const out = unzipSync(ny);
    expect(Object.keys(out)).toEqual(["README.md", "audit/entries.ndjson"]);
    expect(strFromU8(out["audit/entries.ndjson"])).toBe('{"seq":1}\n');
  });

  it("dates anything before 1980 at 1980-01-01, the earliest a zip can say", () => {
    expect(zipTime(new Date("1970-01-01T00:00:00Z")).getFullYear()).toBe(1980);
  });
});
