// The one place that decides who may do what to which object. Pure: it is given the actor (roles, and the token's
// scopes and expiry when the caller is a token), the action, and what it needs to know of the object (a model's owner
// and maintainers, a token's user, a release's requester, its owners then and now, and who authored its evidence).
// Every lib function asks it before anything else; pages ask `can()` what to offer; the route matrix and
// docs/PERMISSIONS.md are generated from POLICY. No other file compares roles or emails to decide a permission.
import { AppError } from "../errors";
import { ROLES, type Role, SCOPES, type Scope } from "./roles";

/** How the caller must stand to the object, beyond holding a role. */
export type Relation = "self" | "owner" | "steward" | "requester" | "independent" | "validator" | "findingOwner" | "modelIndependent";

/** One way to be allowed: hold one of `roles` (and stand in `relation` to the object); `scope` overrides the rule's. */
export type Grant = { readonly roles: readonly Role[]; readonly relation?: Relation; readonly scope?: Scope };
export type Rule = {
  readonly scope: Scope;
  readonly grants: readonly Grant[];
  readonly what: string;
  /** The error code when the caller holds none of the roles (default `forbidden`). */
  readonly roleCode?: string;
  /** What to say then, where the generic "This needs one of the roles" would read badly. */
  readonly roleMessage?: string;
};

const EVERYONE = ROLES;

/**
 * The table. A token needs the rule's scope (or the grant's); a browser session counts as every scope of its user; the
 * system (start-up, seed, workers) may do anything. A grant with a relation needs the object to judge it.
 */
export const POLICY = {
  "inventory.read": {
    scope: "read",
    grants: [{ roles: EVERYONE }],
    what: "Read models, versions, cards, evidence, releases, lineage, telemetry and dashboards",
  },
  "model.create": { scope: "write", grants: [{ roles: ["contributor"] }], what: "Register a model" },
  "model.update": {
    scope: "write",
    grants: [{ roles: ["contributor"], relation: "owner" }, { roles: ["admin"] }],
    what: "Change a model's owner, maintainers, team, title, description, tags or runbook",
  },
  "model.riskTier": { scope: "write", grants: [{ roles: ["compliance", "admin"] }], what: "Change a model's risk tier" },
  "version.create": {
    scope: "write",
    grants: [{ roles: ["contributor"], relation: "steward" }, { roles: ["admin"] }],
    what: "Register a version of a model",
  },
  "version.retire": {
    scope: "write",
    grants: [{ roles: ["contributor"], relation: "owner" }, { roles: ["admin"] }],
    what: "Retire a version",
  },
  "evidence.write": {
    scope: "write",
    grants: [{ roles: ["contributor"], relation: "steward" }, { roles: ["admin"] }],
    what: "Write a version's evidence: its card, evaluations, bias audits and reference profile",
  },
  "telemetry.write": {
    scope: "write",
    grants: [{ roles: ["contributor"] }],
    what: "Ingest prediction telemetry, labels and resource points",
  },
  "deployments.write": { scope: "write", grants: [{ roles: ["contributor", "admin"] }], what: "Report deployments (rollouts)" },
  "pipelines.write": { scope: "write", grants: [{ roles: ["contributor"] }], what: "Report retraining pipeline runs" },
  "kpis.write": { scope: "write", grants: [{ roles: ["contributor"] }], what: "Ingest business KPI points" },
  "lineage.write": { scope: "write", grants: [{ roles: ["contributor"] }], what: "Ingest OpenLineage events" },
  "release.request": { scope: "write", grants: [{ roles: ["contributor"] }], what: "Request a release" },
  "release.resubmit": {
    scope: "write",
    grants: [{ roles: ["contributor"], relation: "requester" }],
    what: "Resubmit a release returned for changes",
  },
  "release.cancel": {
    scope: "write",
    grants: [{ roles: EVERYONE, relation: "requester" }, { roles: ["admin"] }],
    what: "Cancel an open release",
  },
  "release.decide": {
    scope: "write",
    grants: [{ roles: ["reviewer", "compliance"], relation: "independent" }],
    what: "Approve, reject or return a release",
    roleCode: "not_a_reviewer",
    roleMessage: "Only reviewers and compliance officers decide releases.",
  },
  "release.rollback": {
    scope: "write",
    grants: [{ roles: ["reviewer", "compliance", "admin"] }, { roles: ["contributor"], relation: "owner" }],
    what: "Request an expedited rollback",
  },
  "slos.manage": {
    scope: "write",
    grants: [{ roles: ["reviewer", "admin"] }, { roles: ["contributor"], relation: "owner" }],
    what: "Set a model's SLOs",
  },
  "silences.manage": { scope: "write", grants: [{ roles: ["reviewer", "admin"] }], what: "Silence a model's alert notifications" },
  "audit.read": {
    scope: "read",
    grants: [{ roles: ["compliance", "admin"] }],
    what: "Read and export the audit trail, checkpoints and evidence packs",
  },
  "audit.publish": {
    scope: "write",
    grants: [{ roles: ["compliance", "admin"] }],
    what: "Publish a signed checkpoint of the audit trail now, to its webhooks and witnesses",
  },
  "security.read": { scope: "read", grants: [{ roles: ["compliance", "admin"] }], what: "Read the security log" },
  "users.manage": { scope: "admin", grants: [{ roles: ["admin"] }], what: "Create users, change their roles, disable them" },
  "token.read": {
    scope: "read",
    grants: [
      { roles: EVERYONE, relation: "self" },
      { roles: ["admin"], scope: "admin" },
    ],
    what: "List a user's API tokens",
  },
  "token.create": {
    scope: "write",
    grants: [
      { roles: EVERYONE, relation: "self" },
      { roles: ["admin"], scope: "admin" },
    ],
    what: "Mint an API token (never broader or longer-lived than the credential minting it)",
  },
  "token.revoke": {
    scope: "write",
    grants: [
      { roles: EVERYONE, relation: "self" },
      { roles: ["admin"], scope: "admin" },
    ],
    what: "Revoke an API token",
  },
  "policies.manage": { scope: "admin", grants: [{ roles: ["admin"] }], what: "Edit the release policy" },
  "webhooks.manage": { scope: "admin", grants: [{ roles: ["admin"] }], what: "Manage webhooks" },
  "kpis.manage": { scope: "admin", grants: [{ roles: ["admin"] }], what: "Define and edit KPIs" },
  "controls.manage": {
    scope: "admin",
    grants: [{ roles: ["admin"] }],
    what: "Add, edit and delete custom controls and frameworks; add evidence kinds to a shipped control's mapping",
  },
  // Model risk management (issue 21): risk assessments, periodic reviews, attestations.
  "assessment.submit": {
    scope: "write",
    grants: [{ roles: ["contributor"], relation: "steward" }, { roles: ["admin"] }],
    what: "Answer a model's risk questionnaire (a suggested tier for compliance to confirm)",
  },
  "assessment.confirm": {
    scope: "write",
    grants: [{ roles: ["compliance", "admin"] }],
    what: "Confirm or override the tier a risk assessment suggests (sets the model's risk tier)",
  },
  "questionnaire.manage": { scope: "admin", grants: [{ roles: ["admin"] }], what: "Edit the risk questionnaire" },
  "reviewPolicy.manage": {
    scope: "write",
    grants: [{ roles: ["compliance", "admin"] }],
    what: "Edit the periodic review policy (intervals and checklists per tier)",
  },
  "review.start": {
    scope: "write",
    grants: [{ roles: ["reviewer", "compliance"], relation: "validator" }],
    what: "Start a periodic review of a model",
    roleCode: "not_a_validator",
    roleMessage: "Only reviewers and compliance officers review models.",
  },
  "review.complete": {
    scope: "write",
    grants: [{ roles: ["reviewer", "compliance"], relation: "validator" }],
    what: "Record a periodic review's checklist and outcome",
    roleCode: "not_a_validator",
    roleMessage: "Only reviewers and compliance officers review models.",
  },
  "review.record": {
    scope: "write",
    grants: [{ roles: ["compliance", "admin"] }],
    what: "Record a review performed before or outside Steward (its date, outcome and reference)",
  },
  "attestation.submit": {
    scope: "write",
    grants: [{ roles: ["contributor"], relation: "owner" }, { roles: ["admin"] }],
    what: "Attest that a model's records are accurate and complete",
  },
  "attestations.read": { scope: "read", grants: [{ roles: ["compliance", "admin"] }], what: "List outstanding attestations" },
  "finding.raise": {
    scope: "write",
    grants: [{ roles: ["reviewer", "compliance"] }],
    what: "Raise a finding against a model, version, release or review",
  },
  "finding.update": {
    scope: "write",
    grants: [{ roles: EVERYONE, relation: "findingOwner" }, { roles: ["contributor"], relation: "steward" }, { roles: ["admin"] }],
    what: "Work a finding: remediation plan, due date, start remediation, mark it ready for validation",
  },
  "finding.close": {
    scope: "write",
    grants: [{ roles: ["compliance"] }, { roles: ["reviewer"], relation: "modelIndependent" }],
    what: "Close a finding once its remediation is validated",
  },
  "finding.acceptRisk": {
    scope: "write",
    grants: [{ roles: ["compliance"] }],
    what: "Accept a finding's risk until an expiry date, with a justification",
  },
  "incident.create": {
    scope: "write",
    grants: [{ roles: ["contributor", "reviewer", "compliance", "admin"] }],
    what: "Record a production incident (by hand or from a firing alert)",
  },
  "incident.update": {
    scope: "write",
    grants: [{ roles: ["contributor", "reviewer", "compliance", "admin"] }],
    what: "Update an incident: status, impact, root cause, timeline, corrective actions",
  },
  "incident.report": {
    scope: "write",
    grants: [{ roles: ["compliance", "admin"] }],
    what: "Mark an incident serious (EU AI Act Article 73) and produce its report",
  },
} as const satisfies Record<string, Rule>;
export type Action = keyof typeof POLICY;
export const ACTIONS = Object.keys(POLICY) as Action[];

/** What the policy needs of the caller (an Actor is one). */
export type Principal = {
  /** A user in a browser session when absent. */
  readonly type?: "user" | "token" | "system";
  readonly email: string;
  readonly roles: readonly Role[];
  /** Tokens only. */
  readonly scopes?: readonly Scope[];
  /** Tokens only: when the token expires (null: never). */
  readonly tokenExpiresAt?: Date | null;
};

export type Stewards = { readonly owner: string; readonly maintainers: readonly string[] };
export type EvidenceAuthor = { readonly email: string; readonly what: string };

/** What the policy needs of the object. */
export type Subject =
  | ({ readonly kind: "model" } & Stewards)
  | {
      readonly kind: "user";
      readonly email: string;
      readonly newToken?: { readonly scopes: readonly Scope[]; readonly expiresAt: Date | null };
    }
  | {
      readonly kind: "release";
      readonly releaseKind: "release" | "rollback";
      readonly requestedBy: string;
      /** The model's owner and maintainers when the release was requested (null for releases older than that record). */
      readonly stewardsAtRequest: Stewards | null;
      readonly stewardsNow: Stewards;
      readonly evidenceAuthors: readonly EvidenceAuthor[];
    }
  | ({
      /** A model under periodic review: its stewards now and who authored its production version's evidence. */
      readonly kind: "model_review";
      readonly evidenceAuthors: readonly EvidenceAuthor[];
    } & Stewards)
  | ({ readonly kind: "finding"; readonly findingOwner: string } & Stewards);

export type Verdict = { readonly allow: true } | { readonly allow: false; readonly code: string; readonly message: string };

/** Emails are compared as the store keeps them: trimmed, case-insensitive. */
export const sameIdentity = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
const isSteward = (email: string, s: Stewards) => sameIdentity(email, s.owner) || s.maintainers.some((m) => sameIdentity(email, m));

const ALLOW: Verdict = { allow: true };
const refuse = (message: string, code = "forbidden"): Verdict => ({ allow: false, code, message });

/** The scopes a credential carries: a token its own, a browser session (and the system) every scope. */
export const credentialScopes = (p: Principal): readonly Scope[] => (p.type === "token" ? (p.scopes ?? []) : SCOPES);

/** Why this caller may not decide this release (four eyes), or null. Rollbacks need only someone but the requester. */
function refuseIndependence(p: Principal, s: Subject | undefined): Verdict | null {
  if (!s) return null;
  if (s.kind !== "release") return refuse("This decision needs the release it is about.");
  if (sameIdentity(p.email, s.requestedBy))
    return refuse("You requested this release, so someone else must decide it.", "separation_of_duties");
  if (s.releaseKind === "rollback") return null;
  if (isSteward(p.email, s.stewardsNow))
    return refuse(
      sameIdentity(p.email, s.stewardsNow.owner)
        ? "You own this model, so someone else must decide its release."
        : "You maintain this model, so someone else must decide its release.",
      "separation_of_duties",
    );
  if (s.stewardsAtRequest && isSteward(p.email, s.stewardsAtRequest))
    return refuse(
      "You owned or maintained this model when the release was requested, so someone else must decide it.",
      "separation_of_duties",
    );
  const authored = s.evidenceAuthors.filter((a) => sameIdentity(p.email, a.email)).map((a) => a.what);
  if (authored.length)
    return refuse(
      `You authored evidence this release is judged on (${[...new Set(authored)].join(", ")}), so someone else must decide it.`,
      "separation_of_duties",
    );
  return null;
}

/** Why this caller may not review this model (four eyes: not its owner, a maintainer, nor an author of its evidence), or null. */
function refuseValidator(p: Principal, s: Subject | undefined): Verdict | null {
  if (!s) return null;
  if (s.kind !== "model_review") return refuse("This review needs the model it is about.");
  if (isSteward(p.email, s))
    return refuse(
      sameIdentity(p.email, s.owner)
        ? "You own this model, so someone independent of it must review it."
        : "You maintain this model, so someone independent of it must review it.",
      "separation_of_duties",
    );
  const authored = s.evidenceAuthors.filter((a) => sameIdentity(p.email, a.email)).map((a) => a.what);
  if (authored.length)
    return refuse(
      `You authored evidence of this model's production version (${[...new Set(authored)].join(", ")}), so someone independent of it must review it.`,
      "separation_of_duties",
    );
  return null;
}

/**
 * Whether the caller stands in `relation` to the object; without an object, whether they could (a first check).
 * `orAdmin` adds "or an admin" to the refusal where the rule lets admins do it anyway.
 */
function related(p: Principal, relation: Relation, s: Subject | undefined, orAdmin: boolean): Verdict | null {
  if (relation === "independent") return refuseIndependence(p, s);
  if (relation === "validator") return refuseValidator(p, s);
  if (!s) return null;
  const who = (w: string) => refuse(`Only ${w}${orAdmin ? " or an admin" : ""} can do this.`);
  const owner = s.kind === "model" || s.kind === "model_review" ? ` (${s.owner})` : "";
  if (relation === "findingOwner") return s.kind === "finding" && sameIdentity(p.email, s.findingOwner) ? null : who("the finding's owner");
  if (relation === "modelIndependent")
    return s.kind === "finding" && !isSteward(p.email, s)
      ? null
      : refuse("You own or maintain this model, so someone independent of it must validate and close the finding.", "separation_of_duties");
  switch (relation) {
    case "self":
      return s.kind === "user" && sameIdentity(p.email, s.email) ? null : who("the user themself");
    case "owner":
      return s.kind === "model" && sameIdentity(p.email, s.owner) ? null : who(`the model's owner${owner}`);
    case "steward":
      return (s.kind === "model" || s.kind === "finding") && isSteward(p.email, s)
        ? null
        : who(`the model's owner${owner}, one of its maintainers,`);
    case "requester":
      return s.kind === "release" && sameIdentity(p.email, s.requestedBy) ? null : who("the release's requester");
  }
}

/** A token minted by a token is never broader, nor longer-lived, than the token minting it. */
function refuseNarrowing(p: Principal, s: Subject | undefined): Verdict | null {
  if (s?.kind !== "user" || !s.newToken || p.type !== "token") return null;
  const held = credentialScopes(p);
  const extra = s.newToken.scopes.filter((x) => !held.includes(x));
  if (extra.length) return refuse(`A token cannot mint a token with scopes it does not hold itself (${extra.join(", ")}).`);
  if (p.tokenExpiresAt) {
    if (!s.newToken.expiresAt || s.newToken.expiresAt.getTime() > p.tokenExpiresAt.getTime())
      return refuse(`A token cannot mint a token that outlives it: set expiresAt no later than ${p.tokenExpiresAt.toISOString()}.`);
  }
  return null;
}

const describeGrant = (g: Grant) =>
  `${g.roles.length === ROLES.length ? "any role" : g.roles.join(" or ")}${g.relation ? ` (${RELATION_WORDS[g.relation]})` : ""}`;
export const RELATION_WORDS: Record<Relation, string> = {
  self: "for themself",
  owner: "as the model's owner",
  steward: "as the model's owner or a maintainer",
  requester: "as the release's requester",
  independent: "not its requester, nor the model's owner or a maintainer then or now, nor an author of its evidence",
  validator: "independent of the model: not its owner, a maintainer, nor an author of its production version's evidence",
  findingOwner: "as the finding's owner",
  modelIndependent: "not the model's owner or a maintainer",
};

/**
 * May this caller, through this credential, do this action to this object? Without `subject`, the answer is whether
 * some object could allow it (lib functions ask that first, then again once the object is loaded).
 */
export function decide(p: Principal, action: Action, subject?: Subject): Verdict {
  if (p.type === "system") return ALLOW;
  const rule: Rule = POLICY[action];
  const scopes = credentialScopes(p);
  let first: Verdict | null = null;
  let roleHeld = false;
  for (const g of rule.grants) {
    if (!p.roles.some((r) => g.roles.includes(r))) continue;
    roleHeld = true;
    const scope = g.scope ?? rule.scope;
    if (!scopes.includes(scope)) {
      first ??= refuse(`This token lacks the '${scope}' scope needed here.`);
      continue;
    }
    const orAdmin = rule.grants.some((x) => !x.relation && x.roles.includes("admin"));
    const why = g.relation ? related(p, g.relation, subject, orAdmin) : null;
    if (why) {
      // A four-eyes refusal says exactly why; it wins over vaguer ones.
      if (why.allow === false && why.code === "separation_of_duties") first = why;
      else first ??= why;
      continue;
    }
    return action === "token.create" ? (refuseNarrowing(p, subject) ?? ALLOW) : ALLOW;
  }
  if (first) return first;
  if (!roleHeld)
    return refuse(
      rule.roleMessage ??
        (rule.grants.every((g) => !g.relation)
          ? `This needs one of the roles: ${[...new Set(rule.grants.flatMap((g) => g.roles))].join(", ")}.`
          : `This needs ${rule.grants.map(describeGrant).join(", or ")}.`),
      rule.roleCode,
    );
  return refuse("You may not do this.");
}

export function can(p: Principal, action: Action, subject?: Subject): boolean {
  return decide(p, action, subject).allow;
}

/** Throw 403 (with `separation_of_duties` where four eyes refuse) unless the policy allows. */
export function authorize(p: Principal, action: Action, subject?: Subject): void {
  const v = decide(p, action, subject);
  if (v.allow === false) throw new AppError(v.code, 403, v.message);
}

/** A decision counts as compliance's approval when its reviewer held the compliance role when deciding. */
export const countsAsCompliance = (rolesWhenDeciding: readonly string[]) => rolesWhenDeciding.includes("compliance");

/** Whether these two identities are one reviewer (one decision per reviewer and round). */
export const sameReviewer = sameIdentity;

/** The subject of a model's rules. */
export const modelSubject = (m: { owner: string; maintainers?: readonly string[] | null }): Subject => ({
  kind: "model",
  owner: m.owner,
  maintainers: m.maintainers ?? [],
});

/** An admin may not disable themself or drop their own admin role: someone must be left to manage users. */
export function refuseSelfLockout(p: Principal, target: string, change: { disabled?: boolean; roles?: readonly Role[] }): string | null {
  if (!sameIdentity(p.email, target)) return null;
  if (change.disabled === true || (change.roles && !change.roles.includes("admin")))
    return "You cannot disable yourself or remove your own admin role; ask another admin.";
  return null;
}
