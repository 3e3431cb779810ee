// The shapes of the route matrix (route-matrix.spec.ts), shared with the files that contribute rows to it. A row names
// the policy action its route performs; who may call it is not written here but asked of lib/auth/policy.ts.
import type { APIRequestContext } from "@playwright/test";
import type { Action, Stewards, Subject } from "../../lib/auth/policy";
import type { Scope } from "../../lib/auth/roles";
import type { Role } from "./support";

/**
 * Who calls. `role`: a seeded user of that role on a token with every scope (as a browser session counts);
 * `scoped`: the same user on a token with only `scopes`; `maintainer`: a contributor who maintains the fixture model
 * (priya@); `outsider`: a contributor who neither owns nor maintains anything of the fixture's.
 */
export type Caller = {
  readonly kind: "role" | "scoped" | "maintainer" | "outsider";
  /** How the matrix names it: "viewer", "admin[read]", "maintainer", "outsider". */
  readonly label: string;
  /** The caller's role in the matrix (the maintainer and the outsider are contributors). */
  readonly role: Role;
  readonly email: string;
  readonly scopes: readonly Scope[];
};

/** A request to send; `subject` is what the policy is told of the object it touches (the model, the release, the user). */
export type Call = { path: string; data?: unknown; subject?: Subject };

export type Fixture = {
  /** A model owned by contributor@ with priya@ as its maintainer, and its version 1.0.0. */
  model: string;
  version: string;
  /** The fixture model's owner and maintainers, as the policy is told them. */
  stewards: Stewards;
  /** A viewer for admins to rename. */
  patchTarget: string;
  admin: APIRequestContext;
  /** The fixture model's owner. */
  contributor: APIRequestContext;
};

type CallFn = (caller: Caller, f: Fixture) => Promise<Call> | Call;

export type Row =
  | { skip: string }
  /** No policy action: "anyone" needs no credential at all; "signed-in" any valid credential, whatever its scopes. */
  | { access: "anyone" | "signed-in"; call: CallFn }
  | {
      /** The policy action the route performs (POLICY in lib/auth/policy.ts): the expected outcome is decide()'s. */
      action: Action;
      /** A valid request for this caller; called once per caller, so it may set up what it needs first. */
      call: CallFn;
      /**
       * The status of a refusal that the route only learns from the object (the policy allows the action without it):
       * 404 where the route does not tell a caller who may not touch the object that it exists. Default 403.
       */
      refusedOnObject?: 404;
    };

/** The fixture model, as the policy sees it. */
export const modelOf = (f: Fixture): Subject => ({ kind: "model", ...f.stewards });
