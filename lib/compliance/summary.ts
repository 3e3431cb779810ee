// README.md of an evidence pack: the release's technical documentation laid out along the headings of Annex IV of
// the EU AI Act (Regulation (EU) 2024/1689), each section pointing to the files that hold the detail. Pure, and
// without the time it was made, so the same release gives the same text.

import type { BiasAuditView } from "../fairness/audits";
import { describeDiff } from "../lineage/schema-diff";
import type { PackData } from "./gather";

/** What each file of the pack holds, in the order the zip lists them. */
export const FILE_GUIDE: [string, string][] = [
  ["README.md", "this summary, along Annex IV's headings"],
  ["release.json", "the release as GET /api/v1/releases/{id} returns it, with every decision and comment"],
  ["policy.json", "the release policy version the release was judged under"],
  ["checks.json", "the release checks and the evidence each read"],
  ["model.json", "the model and the version as registered"],
  ["card.json", "the model card revision (Mitchell et al. 2019 sections)"],
  ["card.md", "the same revision as a Markdown document"],
  ["card.mct.json", "the same revision as Model Card Toolkit v0.0.2 JSON"],
  ["evaluations.json", "the version's evaluations"],
  ["bias-audits/<id>.json", "each bias audit of the version, whole"],
  [
    "lineage.json",
    "what the version was trained on: its registered inputs and training run, its upstream lineage graph, and schema changes upstream",
  ],
  ["history.json", "the model's releases up to this one"],
  ["coverage.json", "the version's coverage of every framework's controls (found, stale or missing evidence), judged as of the last entry"],
  ["coverage.csv", "the same coverage, one row per framework, control and evidence item"],
  ["reviews.json", "the model's periodic reviews and risk assessments up to the release's decision"],
  ["findings.json", "the model's model-risk findings, each with its history (raised, remediated, closed or risk accepted)"],
  ["audit/entries.ndjson", "every audit-trail entry about the release, its version and its model, in seq order"],
  ["audit/proof.json", "the hash-chain proof of those entries"],
  ["audit/checkpoint.txt", "a signed checkpoint (C2SP signed note, Ed25519) of the trail's Merkle tree up to the last of those entries"],
  ["audit/log-key.txt", "the verifier key that signed it (compare it with the one the portal publishes)"],
  ["audit/inclusion.json", "each entry's RFC 9162 inclusion path in that tree"],
  ["audit/verify.mjs", "checks the chain proof and the inclusion proofs with Node alone: node audit/verify.mjs --key KEY"],
];

const cell = (s: unknown) => (s === null || s === undefined || s === "" ? "–" : String(s).replace(/\|/g, "\\|").replace(/\r?\n/g, " "));
const table = (header: string[], rows: unknown[][]) =>
  rows.length === 0
    ? "_None._"
    : [
        `| ${header.join(" | ")} |`,
        `| ${header.map(() => "---").join(" | ")} |`,
        ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`),
      ].join("\n");
const num = (n: number | null | undefined, digits = 3) => (n === null || n === undefined ? "n/a" : Number(n.toFixed(digits)).toString());
const metrics = (m: Record<string, number>) =>
  Object.entries(m)
    .map(([k, v]) => `${k} ${num(v, 4)}`)
    .join(", ") || "–";
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function auditLines(a: BiasAuditView, usedByCheck: boolean): string {
  const rows = Object.entries({ ...a.summary, ...a.intersections.summary }).map(([attr, s]) => [
    attr,
    s.referenceGroup,
    num(s.disparateImpact),
    s.fourFifths.passed === null ? "n/a" : s.fourFifths.passed ? "met" : "not met",
    num(s.demographicParityDifference),
    num(s.equalizedOddsDifference),
    s.failingGroups.join(", "),
    s.passed ? "passed" : "failed",
  ]);
  return [
    `**“${a.name}”** on ${a.dataset}: **${a.passed ? "passed" : "failed"}**, ${a.recordCount.toLocaleString("en-US")} records, by ${a.createdBy} at ${a.createdAt}${usedByCheck ? " (the audit the bias-audit check read)" : ""}. File: \`bias-audits/${a.id}.json\`.`,
    "",
    table(
      [
        "Attribute",
        "Reference group",
        "Disparate impact",
        "Four-fifths rule",
        "Demographic parity difference",
        "Equalized odds difference",
        "Failing groups",
        "Verdict",
      ],
      rows,
    ),
  ].join("\n");
}

function lineageLines(d: PackData): string[] {
  const { graph, schemaChanges } = d.lineage;
  const datasets = graph.nodes.filter((n) => n.type === "dataset");
  const jobs = graph.nodes.filter((n) => n.type === "job");
  if (!graph.nodes.length) return ["No lineage has been recorded for this version (no OpenLineage events reached it)."];
  return [
    `**Upstream lineage** (\`lineage.json\`, as it stands when the pack is made): ${plural(datasets.length, "dataset")} and ${plural(jobs.length, "job")}, up to 20 hops upstream.`,
    "",
    table(
      ["Kind", "Namespace", "Name", "Last run"],
      [...datasets, ...jobs].map((n) => [n.type, n.namespace, n.name, n.lastRun ? `${n.lastRun.state} ${n.lastRun.at}` : ""]),
    ),
    "",
    schemaChanges.length
      ? `**Schema changes upstream:** ${schemaChanges.map((c) => `${c.dataset.name} at ${c.at}: ${describeDiff(c.diff)}`).join("; ")}.`
      : "No schema change has been recorded upstream.",
  ];
}

export function packReadme(d: PackData): string {
  const { release: r, model: m, version: v, card, policy } = d;
  const intended = card?.card.intendedUse;
  const usedAudit = r.checks.find((c) => c.name === "bias_audit")?.evidence[0]?.id;
  const failing = r.checks.filter((c) => c.status === "fail");
  const decided = r.decidedAt ? `${r.status.replace("_", " ")} at ${r.decidedAt}` : `${r.status.replace("_", " ")}, not decided yet`;
  const out: string[] = [];
  const h = (s: string) => out.push("", `## ${s}`, "");
  const p = (...lines: string[]) => out.push(...lines);

  p(`# Evidence pack: ${m.name} ${r.version}, ${r.kind === "rollback" ? "rollback" : "release"} to ${r.targetStage}`, "");
  p(
    `Release \`${r.id}\`, requested by ${r.requestedBy} at ${r.requestedAt}: ${r.status.replace("_", " ")}${r.decidedAt ? ` at ${r.decidedAt}` : ""}.`,
    "",
  );
  p(
    d.asOf
      ? `The pack shows the release as it stands after audit entry ${d.asOf.seq} (${d.asOf.at}), the last entry about it. It records no time of its own, so two downloads with nothing changed in between are identical, byte for byte.`
      : "No audit entry is about this release. The pack records no time of its own, so two downloads with nothing changed in between are identical.",
  );
  p(
    "",
    "The headings follow Annex IV of the EU AI Act (technical documentation). Steward holds the records below; what it does not hold is said where it belongs.",
  );
  h("Files");
  p(
    table(
      ["File", "Holds"],
      FILE_GUIDE.filter(([f]) => card || !f.startsWith("card")).map(([f, what]) => [`\`${f}\``, what]),
    ),
  );

  h("1. General description of the AI system");
  p(
    `- **Model:** ${m.name}${m.title ? ` (${m.title})` : ""}`,
    `- **Version:** ${v.version}, now in ${v.stage}`,
    `- **Owner:** ${m.owner}${m.team ? `, team ${m.team}` : ""}`,
    `- **Risk tier:** ${m.riskTier}`,
    `- **Use case:** ${cell(m.useCase)}`,
    ...(m.description ? [`- **Description:** ${cell(m.description)}`] : []),
  );
  p("", "**Intended use** (from the model card):", "");
  if (!intended) p(card ? "_The card's intended-use section is empty._" : "_No model card has been saved for this version._");
  else {
    if (intended.text) p(intended.text, "");
    if (intended.primaryUses?.length) p(`- Primary uses: ${intended.primaryUses.join("; ")}`);
    if (intended.primaryUsers?.length) p(`- Primary users: ${intended.primaryUsers.join("; ")}`);
    if (intended.outOfScopeUses?.length) p(`- Out of scope: ${intended.outOfScopeUses.join("; ")}`);
  }

  h("2. Detailed description of the elements of the AI system and of its development");
  p(
    `- **Framework:** ${cell(v.framework)}`,
    `- **Artifact:** ${cell(v.artifactUri)}`,
    `- **Git commit:** ${cell(v.gitCommit)}`,
    `- **Training run:** ${cell(v.trainingRunId)}`,
    `- **Registered by** ${v.createdBy} at ${v.createdAt}`,
    "",
    `**Training inputs** registered with the version (${plural(v.inputs.length, "input")}; \`lineage.json\`):`,
    "",
    table(
      ["Namespace", "Name"],
      v.inputs.map((i) => [i.namespace, i.name]),
    ),
    "",
    ...lineageLines(d),
  );

  h("3. Monitoring, functioning and control: human oversight");
  p(
    `Judged under release policy version ${policy.version} (\`policy.json\`): a ${m.riskTier}-tier release needs ${plural(r.requiredApprovals, "approval")}${r.requiresCompliance ? ", one of them from compliance" : ""}; ${r.kind === "rollback" ? "anyone but the requester may decide a rollback" : "neither the requester nor the model's owner may decide it"}. The release is ${decided}, in round ${r.round}.`,
    "",
    `**Decisions** (${plural(r.decisions.length, "decision")}, oldest first):`,
    "",
    table(
      ["Round", "Reviewer", "Roles", "Decision", "At", "Comment"],
      r.decisions.map((x) => [
        x.round,
        `${x.reviewerName} <${x.reviewer}>`,
        x.reviewerRoles.join(", "),
        x.decision.replace("_", " "),
        x.at,
        x.comment,
      ]),
    ),
  );
  if (r.rollout) p("", `Rollout: ${r.rollout.strategy}${r.rollout.canaryPercent ? ` at ${r.rollout.canaryPercent}%` : ""}.`);

  h("4. Performance metrics");
  p(
    `**Registered with the version:** ${metrics(v.metrics)}`,
    "",
    `**Evaluations** (${plural(d.evaluations.length, "evaluation")}; \`evaluations.json\`):`,
    "",
  );
  p(
    table(
      ["Dataset", "Slice", "Metrics", "By", "At"],
      d.evaluations.map((e) => [e.dataset, e.slice, metrics(e.metrics), e.createdBy, e.createdAt]),
    ),
  );
  const measures = card?.card.metrics?.performanceMeasures ?? [];
  if (measures.length)
    p(
      "",
      "**Measures the card names:**",
      "",
      table(
        ["Measure", "Threshold", "Why"],
        measures.map((x) => [x.name, x.threshold, x.why]),
      ),
    );

  h("5. Risk management");
  p(
    `**Release checks**, ${r.status === "pending" || r.status === "changes_requested" ? "evaluated from the evidence as it stands" : "as evaluated at the final decision"} (${r.checksEvaluatedAt}); ${failing.length ? `${plural(failing.length, "check")} failing` : "none failing"} (\`checks.json\`):`,
    "",
    table(
      ["Check", "Result", "Blocks approval", "Detail"],
      r.checks.map((c) => [c.title, c.status, c.blocking ? "yes" : "no", c.detail]),
    ),
    "",
    `**Bias audits** (${plural(d.audits.length, "audit")}, oldest first):`,
    "",
  );
  if (!d.audits.length) p("_No bias audit of this version._");
  else p(d.audits.map((a) => auditLines(a, a.id === usedAudit)).join("\n\n"));

  h("6. Changes through the lifecycle");
  p(`The model's releases up to and including this one (${plural(d.history.length, "release")}; \`history.json\`):`, "");
  p(
    table(
      ["Requested", "Kind", "Version", "Target", "Status", "Decided", "Release"],
      d.history.map((x) => [
        x.requestedAt,
        x.kind,
        x.version,
        x.targetStage,
        x.status,
        x.decidedAt,
        x.id === r.id ? `${x.id} (this one)` : x.id,
      ]),
    ),
  );
  p(
    "",
    card
      ? `**Model card:** revision ${card.revision} of ${card.latestRevision}, saved by ${card.savedBy} at ${card.savedAt}, ${card.completeness}% complete${card.needsReview ? ", marked as needing review" : ""}. ${card.why}`
      : "**Model card:** none saved for this version.",
  );

  h("7. Standards and specifications applied");
  p(
    "- No harmonised standard under Regulation (EU) 2024/1689 is recorded in Steward.",
    "- Model card: the nine sections of Mitchell et al. (2019), “Model Cards for Model Reporting”; exported as Model Card Toolkit v0.0.2 JSON.",
    "- Bias audits: disparities as ratios of each group's rate to a reference group's (Aequitas), passing within 0.8–1.25; demographic parity and equalized odds differences and ratios (Fairlearn); the four-fifths rule on selection rates; Wilson score intervals for rates.",
    "- Audit trail: SHA-256 hash chain over RFC 8785 canonical JSON (JCS).",
  );

  h("8. EU declaration of conformity");
  p("Not held in Steward: the provider draws it up (Article 47).");
  h("9. Post-market monitoring");
  p("Steward's telemetry, drift and alerting are not built yet, so this pack holds no monitoring records.");

  h("Records: audit trail extract and chain proof");
  const pr = d.proof;
  p(
    `\`audit/entries.ndjson\` holds ${plural(pr.covers.entries, "entry", "entries")}${pr.covers.firstSeq === null ? "" : `, seq ${pr.covers.firstSeq} to ${pr.covers.lastSeq}`}: the release, its version, its card, evaluations and bias audits, its model, and the policy version it was judged under. Each is as the trail holds it, with its prevHash and hash.`,
    "",
    `How to verify (\`audit/proof.json\`): ${pr.algorithm}.`,
    "",
    "1. Recompute each entry's hash from its content and prevHash; it must equal its hash. `node audit/verify.mjs` does this and step 2.",
    pr.segment.complete
      ? `2. \`proof.json\` lists the links (seq, prevHash, hash) of all ${plural(pr.segment.links.length, "entry", "entries")} from seq ${pr.segment.fromSeq} to ${pr.segment.toSeq}: each prevHash is the hash before it, and each included entry sits at its seq with its hash, so the extract is part of one unbroken stretch of the chain.`
      : `2. The stretch's links are not included: ${pr.segment.reason}`,
    d.inclusion.signed
      ? `3. \`checkpoint.txt\` signs the Merkle tree (RFC 9162) of the trail's first ${d.inclusion.treeSize} entries; \`inclusion.json\` holds each entry's path to its root, so each entry is shown to be in the log without the rest of it. \`node audit/verify.mjs --key KEY\` checks the signature with the key you hold and every path. A later published checkpoint extends this one: \`GET /api/v1/audit/consistency?from=${d.inclusion.treeSize}&to=N\` and \`npm run portal -- audit consistent\`.`
      : `3. No Merkle proofs: ${d.inclusion.reason}`,
    "4. Against the portal: `GET /api/v1/audit/verify` must answer ok, and the portal's entry at each seq (`GET /api/v1/audit?entityType=…&entityId=…`) must carry the same hash as here.",
  );
  return `${out.join("\n")}\n`;
}
