// Two features that took the same advisory-lock id would serialise each other, or worse, one would skip its work
// believing another instance holds it: every id in LOCKS is distinct.
import { describe, expect, it } from "vitest";
import { LOCKS } from "./locks";

describe("advisory-lock ids", () => {
  it("are distinct", () => {
    const seen = new Map<number, string>();
    for (const [name, id] of Object.entries(LOCKS)) {
      expect(seen.get(id), `${name} reuses ${id}`).toBeUndefined();
      seen.set(id, name);
    }
    expect(seen.size).toBe(Object.keys(LOCKS).length);
  });
});
