import { describe, expect, it } from "vitest";
import { EVENT_PATTERN, eventMatches, RELEASE_EVENTS, subscribes } from "./events";

describe("event patterns", () => {
  it("match by exact name, by '*', and by a dotted prefix, and nothing else", () => {
    expect(eventMatches("release.approved", "release.approved")).toBe(true);
    expect(eventMatches("release.approved", "release.rejected")).toBe(false);
    expect(eventMatches("*", "release.rolled_back")).toBe(true);
    expect(eventMatches("*", "webhook.test")).toBe(true);
    expect(eventMatches("release.*", "release.rollback_requested")).toBe(true);
    // A prefix ends at a dot: "release.*" is not "releases.*", nor the bare word.
    expect(eventMatches("release.*", "releases.approved")).toBe(false);
    expect(eventMatches("release.*", "release")).toBe(false);
    expect(eventMatches("release", "release.approved")).toBe(false);
    expect(RELEASE_EVENTS.filter((e) => subscribes(["release.approved", "release.rejected"], e))).toEqual([
      "release.approved",
      "release.rejected",
    ]);
    expect(RELEASE_EVENTS.every((e) => subscribes(["release.*"], e))).toBe(true);
  });

  it("accept names, '*' and prefixes; refuse the rest", () => {
    for (const ok of ["*", "release.*", "release.approved", "release.changes_requested", "alert.*", "a"])
      expect(EVENT_PATTERN.test(ok), ok).toBe(true);
    for (const bad of ["", "Release.approved", "release.", "*.approved", "release.**", "release approved", ".release", "release.*.x"])
      expect(EVENT_PATTERN.test(bad), bad).toBe(false);
  });
});
