import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "../errors";
import { jsonPath, parse } from "./validate";

describe("validation errors name the field by JSON path", () => {
  it("formats paths the way API.md writes them", () => {
    expect(jsonPath(["events", 17, "latencyMs"])).toBe("events[17].latencyMs");
    expect(jsonPath([0, "a"])).toBe("[0].a");
    expect(jsonPath([])).toBe("body");
  });

  it("reports every bad field, unknown ones included, as a 400", () => {
    const S = z.strictObject({ events: z.array(z.strictObject({ latencyMs: z.number() })) });
    try {
      parse(S, { events: [{ latencyMs: 1 }, { latencyMs: "slow" }], extra: true });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      const err = e as AppError;
      expect(err.status).toBe(400);
      expect(err.details.map((d) => d.path).sort()).toEqual(["events[1].latencyMs", "extra"]);
      expect(err.message).toMatch(/events\[1\]\.latencyMs|extra/);
    }
  });
});
