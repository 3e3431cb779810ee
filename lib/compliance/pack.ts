import "server-only";
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { transact } from "@/db/client";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/policy";
import { modelCoverageCsv } from "../controls/csv";
import { gatherPack, type PackData } from "./gather";
import { packReadme } from "./summary";
import { VERIFY_SCRIPT } from "./verify-script";
import { deterministicZip, type PackFile } from "./zip";

export type EvidencePack = { filename: string; bytes: Uint8Array; sha256: string };

const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

/** Every framework's rows under one header (each framework's CSV without its own header line). */
const coverageCsv = (list: PackData["coverage"]) =>
  list.map((c, i) => (i === 0 ? modelCoverageCsv(c) : modelCoverageCsv(c).split("\r\n").slice(1).join("\r\n"))).join("");

/** The files of the pack, in the order the zip holds them. */
export function packFiles(d: PackData): PackFile[] {
  const v = d.version;
  const files: PackFile[] = [
    { path: "README.md", content: packReadme(d) },
    { path: "release.json", content: json(d.release) },
    { path: "policy.json", content: json(d.policy) },
    {
      path: "checks.json",
      content: json({ evaluatedAt: d.release.checksEvaluatedAt, policyVersion: d.policy.version, checks: d.release.checks }),
    },
    { path: "model.json", content: json({ model: d.model, version: v }) },
  ];
  if (d.card) {
    const { markdown, mct, latestRevision, why, ...card } = d.card;
    files.push(
      { path: "card.json", content: json({ ...card, latestRevision, why }) },
      { path: "card.md", content: markdown.endsWith("\n") ? markdown : `${markdown}\n` },
      { path: "card.mct.json", content: mct.endsWith("\n") ? mct : `${mct}\n` },
    );
  }
  files.push({ path: "evaluations.json", content: json(d.evaluations) });
  for (const a of d.audits) files.push({ path: `bias-audits/${a.id}.json`, content: json(a) });
  files.push(
    {
      path: "lineage.json",
      content: json({
        model: v.model,
        version: v.version,
        trainingRunId: v.trainingRunId,
        inputs: v.inputs,
        gitCommit: v.gitCommit,
        artifactUri: v.artifactUri,
        framework: v.framework,
        note: "upstream: the version's lineage graph (datasets, jobs and their last runs, up to 20 hops upstream) as it stands when the pack is made; schemaChanges: changes of those datasets' schemas",
        upstream: { nodes: d.lineage.graph.nodes, edges: d.lineage.graph.edges, truncated: d.lineage.graph.truncated },
        schemaChanges: d.lineage.schemaChanges,
      }),
    },
    { path: "history.json", content: json(d.history) },
    { path: "coverage.json", content: json(d.coverage) },
    { path: "coverage.csv", content: coverageCsv(d.coverage) },
    ...(d.reviews ? [{ path: "reviews.json", content: json(d.reviews) }] : []),
    ...(d.findings ? [{ path: "findings.json", content: json(d.findings) }] : []),
    { path: "audit/entries.ndjson", content: d.entries.map((e) => `${JSON.stringify(e)}\n`).join("") },
    { path: "audit/proof.json", content: json(d.proof) },
  );
  if (d.inclusion.signed)
    files.push(
      { path: "audit/checkpoint.txt", content: d.inclusion.checkpoint },
      { path: "audit/log-key.txt", content: `${d.inclusion.key}\n` },
      { path: "audit/inclusion.json", content: json({ treeSize: d.inclusion.treeSize, proofs: d.inclusion.proofs }) },
    );
  files.push({ path: "audit/verify.mjs", content: VERIFY_SCRIPT });
  return files;
}

export const packFilename = (model: string, version: string, id: string) =>
  `evidence-${model}-${version}-${id.slice(0, 8)}.zip`.replace(/[^\w.+-]/g, "_");

/**
 * GET /api/v1/releases/{id}/evidence-pack: everything about a release in one zip, for compliance and admins.
 * Read in one read-only snapshot, so a decision landing meanwhile is either wholly in the pack or not at all.
 * Deterministic: no time of making, a fixed order, and every zip entry dated at the release's request.
 * Downloading writes no audit entry: one would change the next pack of the same release.
 */
export async function evidencePack(actor: Actor, id: string): Promise<EvidencePack> {
  authorize(actor, "audit.read");
  const data = await transact(async (tx) => {
    await tx.execute(sql`set transaction isolation level repeatable read, read only`);
    return gatherPack(actor, id);
  });
  const bytes = deterministicZip(packFiles(data), new Date(data.release.requestedAt));
  return {
    filename: packFilename(data.release.model, data.release.version, data.release.id),
    bytes,
    sha256: createHash("sha256").update(bytes).digest("hex"),
  };
}
