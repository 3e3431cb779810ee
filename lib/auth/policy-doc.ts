// docs/PERMISSIONS.md, generated from the policy table (npm run -s portal -- permissions > docs/PERMISSIONS.md; a test
// fails when the file is stale).
import { ACTIONS, POLICY, RELATION_WORDS, type Rule } from "./policy";
import { ROLES, SCOPES } from "./roles";

const cell = (rule: Rule, role: (typeof ROLES)[number]) => {
  const ways = rule.grants
    .filter((g) => g.roles.includes(role))
    .map(
      (g) => (g.relation ? RELATION_WORDS[g.relation] : "yes") + (g.scope && g.scope !== rule.scope ? ` (token scope \`${g.scope}\`)` : ""),
    );
  return ways.length ? ways.join("; or ") : "—";
};

export function permissionsMarkdown(): string {
  const lines = [
    "# Permissions",
    "",
    "Generated from `lib/auth/policy.ts` by `npm run portal -- permissions`; do not edit by hand (a test compares the two).",
    "",
    "Every lib function asks the policy before it reads or writes anything; pages ask it what to offer. A caller holds",
    `roles (${ROLES.map((r) => `\`${r}\``).join(", ")}); an API token acts as its user narrowed by its scopes (${SCOPES.map((s) => `\`${s}\``).join(", ")}),`,
    "and a browser session counts as every scope of its user. A cell says when a holder of that role is allowed:",
    '"yes", or only in the relation named. Where no role is allowed, the answer is 403.',
    "",
    `| action | token scope | ${ROLES.join(" | ")} | what |`,
    `|---|---|${ROLES.map(() => "---").join("|")}|---|`,
  ];
  for (const a of ACTIONS) {
    const rule: Rule = POLICY[a];
    lines.push(`| \`${a}\` | \`${rule.scope}\` | ${ROLES.map((r) => cell(rule, r)).join(" | ")} | ${rule.what} |`);
  }
  lines.push(
    "",
    "## Relations",
    "",
    "- **maintainers**: a model's `maintainers` (emails of people or service accounts) are set by its owner or an admin",
    "  (`PATCH /api/v1/models/{name}`). With the owner they write the model's evidence, each holding `contributor`.",
    "- **four eyes** (`release.decide`): a reviewer may not decide a release they requested, of a model they own or",
    "  maintain now or did when it was requested, or whose evidence they authored (the version's registration, the card",
    "  revision, an evaluation, the bias audit). The refusal is 403 `separation_of_duties` and names which. A rollback",
    "  needs only someone other than its requester.",
    "- **tokens**: a token minted by a token holds no scope the minting token lacks and expires no later than it.",
    "",
  );
  return lines.join("\n");
}
