import { describe, expect, it } from "vitest";
import { SYSTEM } from "@/lib/auth/actor";
import { useFreshStore } from "@/tests/store";
import { issueToken, listTokensPage } from "./tokens";
import { createUser, listUsersPage } from "./users";

describe("users and tokens lists honour ?limit= and ?cursor= (database)", () => {
  useFreshStore();

  it("walks five users two at a time, by email, each once", async () => {
    for (const e of ["e", "a", "d", "b", "c"]) await createUser(SYSTEM, { email: `${e}@example.com`, name: e, roles: ["viewer"] });
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const p = await listUsersPage(SYSTEM, 2, cursor);
      seen.push(...p.items.map((u) => u.email));
      cursor = p.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(seen).toEqual(["a", "b", "c", "d", "e"].map((e) => `${e}@example.com`));
    expect(pages).toBe(3);
  });

  it("walks a user's seven tokens three at a time, each once", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await issueToken(SYSTEM, "a@example.com", { name: `t${i}`, scopes: ["read"] })).id);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const p = await listTokensPage(SYSTEM, "a@example.com", 3, cursor);
      seen.push(...p.items.map((t) => t.id));
      cursor = p.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen)).toEqual(new Set(ids));
  });
});
