// The shapes of the route-by-role matrix (route-matrix.spec.ts), shared with the files that contribute rows to it.
import type { APIRequestContext } from "@playwright/test";
import type { Role } from "./support";

export type Caller = Role | "anonymous";
export type Call = { path: string; data?: unknown };
export type Fixture = { model: string; version: string; patchTarget: string; admin: APIRequestContext; contributor: APIRequestContext };
export type Row =
  | { skip: string }
  | {
      /** Who may call it: "anyone" (no credentials needed), "everyone" (every signed-in role), or the roles. */
      allowed: "anyone" | "everyone" | Role[];
      /** A valid request for this caller; called once per caller, so it may set up what it needs first. */
      call: (caller: Caller, f: Fixture) => Promise<Call> | Call;
    };
