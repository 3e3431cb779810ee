import "server-only";
import { and, asc, desc, eq, lte } from "drizzle-orm";
import { conn } from "@/db/client";
import { cardRevisions, modelVersions, releases } from "@/db/schema";
import type { AuditEntry } from "../audit/chain";
import { type PackInclusion, packInclusion } from "../audit/transparency";
import type { Actor } from "../auth/actor";
import { type CardView, exportCard, getCard } from "../cards/cards";
import { type ModelCoverage, versionCoverageAll } from "../controls/read";
import { type BiasAuditView, getBiasAudit } from "../fairness/audits";
import { modelFindingsWithHistory } from "../findings/read";
import { getVersion, type VersionDetail } from "../inventory/versions";
import type { EvaluationView } from "../inventory/views";
import { type Graph, lineageGraph, lineageNode, type NodeDetail } from "../lineage/graph";
import { modelNodeId } from "../lineage/ids";
import { MAX_DEPTH } from "../lineage/limits";
import { packReviews } from "../mrm/pack";
import { briefOf, type ReleaseBrief } from "../releases/brief";
import type { Check } from "../releases/checks";
import { isOpen } from "../releases/machine";
import { policyVersion } from "../releases/policies";
import type { Policy } from "../releases/policy";
import { checksNow, loadDecisions, loadRelease, releaseView } from "../releases/read";
import type { ReleaseView } from "../releases/schemas";
import { chainLinks, entriesAbout } from "./entries";
import { buildProof, type PackProof } from "./proof";

export type PackCard = CardView & {
  markdown: string;
  mct: string;
  /** How many revisions the version's card has in all, and why this one was chosen. */
  latestRevision: number;
  why: string;
};

/** A release of the model in brief, as the model and version pages list them. */
export type HistoryItem = ReleaseBrief;

export type PackModel = {
  name: string;
  title: string | null;
  description: string | null;
  owner: string;
  team: string | null;
  riskTier: string;
  useCase: string | null;
  tags: string[];
};
export type PackVersion = Omit<VersionDetail, "card" | "evaluations" | "audits" | "releases" | "deployments">;

/** Everything an evidence pack holds, read in one snapshot. */
export type PackData = {
  release: ReleaseView;
  /** The last audit entry about the release: the pack shows things as they stand after it. */
  asOf: { seq: number; at: string } | null;
  policy: Policy;
  model: PackModel;
  version: PackVersion;
  card: PackCard | null;
  audits: BiasAuditView[];
  evaluations: EvaluationView[];
  history: HistoryItem[];
  /** The version's upstream lineage (up to 20 hops) and the schema changes of the datasets in it, as they stand now. */
  lineage: { graph: Graph; schemaChanges: NodeDetail["schemaChanges"] };
  entries: AuditEntry[];
  proof: PackProof;
  /** The entries' Merkle inclusion proofs against a signed checkpoint (audit/checkpoint.txt, audit/inclusion.json). */
  inclusion: PackInclusion;
  /** The version's coverage of every framework (lib/controls), judged as of the pack's last entry. */
  coverage: ModelCoverage[];
  /** The model's periodic reviews and risk assessments begun by the release's decision (now, for an open one): reviews.json. */
  reviews?: Awaited<ReturnType<typeof packReviews>>;
  /** The model's findings (issue 21) with their history, as they stand when the checks were last evaluated (findings.json). */
  findings?: Awaited<ReturnType<typeof modelFindingsWithHistory>>;
};

/** The card revision the release was judged on: the latest saved by its final decision, else the latest. */
async function chooseCard(actor: Actor, release: ReleaseView, versionId: number, decidedAt: Date | null): Promise<PackCard | null> {
  const db = await conn();
  const [latest] = await db
    .select({ revision: cardRevisions.revision })
    .from(cardRevisions)
    .where(eq(cardRevisions.versionId, versionId))
    .orderBy(desc(cardRevisions.revision))
    .limit(1);
  if (!latest) return null;
  const [atDecision] = decidedAt
    ? await db
        .select({ revision: cardRevisions.revision })
        .from(cardRevisions)
        .where(and(eq(cardRevisions.versionId, versionId), lte(cardRevisions.createdAt, decidedAt)))
        .orderBy(desc(cardRevisions.revision))
        .limit(1)
    : [latest];
  const revision = atDecision?.revision ?? latest.revision;
  const when = `the release was ${release.status.replace("_", " ")} at ${release.decidedAt}`;
  const why = !decidedAt
    ? `Revision ${revision} is the latest; the release is still open (${release.status.replace("_", " ")}), so it is judged on the card as it stands.`
    : atDecision
      ? `Revision ${revision} is the latest saved before ${when}${latest.revision > revision ? `; revisions up to ${latest.revision} were saved since` : ""}.`
      : `No revision was saved before ${when}; revision ${revision}, the latest, is included instead.`;
  const { model, version } = release;
  const [card, markdown, mct] = await Promise.all([
    getCard(actor, model, version, revision),
    exportCard(actor, model, version, "markdown", revision),
    exportCard(actor, model, version, "mct", revision),
  ]);
  return { ...card, markdown: markdown.body, mct: mct.body, latestRevision: latest.revision, why };
}

/** The model's releases requested up to and including this one, oldest first: its lifecycle so far. */
async function historyUpTo(modelId: number, requestedAt: Date): Promise<HistoryItem[]> {
  const db = await conn();
  const list = await db
    .select({ r: releases, version: modelVersions.version })
    .from(releases)
    .innerJoin(modelVersions, eq(modelVersions.id, releases.versionId))
    .where(and(eq(releases.modelId, modelId), lte(releases.requestedAt, requestedAt)))
    .orderBy(asc(releases.requestedAt), asc(releases.id))
    .limit(500);
  return list.map(({ r, version }) => briefOf(r, version));
}

const byTimeThenId = <T extends { createdAt: string; id: string }>(a: T, b: T) =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

async function upstreamLineage(actor: Actor, model: string, version: string): Promise<PackData["lineage"]> {
  const node = modelNodeId(model, version);
  try {
    const graph = await lineageGraph(actor, { node, direction: "upstream", depth: MAX_DEPTH });
    const { schemaChanges } = await lineageNode(actor, { node });
    return { graph, schemaChanges };
  } catch {
    // A version with no node yet (nothing drawn it): an empty graph.
    return { graph: { root: node, nodes: [], edges: [], truncated: false }, schemaChanges: [] };
  }
}

/** Read everything about a release. Call inside one (read-only) transaction so it is one consistent snapshot. */
export async function gatherPack(actor: Actor, id: string): Promise<PackData> {
  const row = await loadRelease(id);
  const decisions = await loadDecisions(id);
  const { m, v, r } = row;
  const entries = await entriesAbout({
    releaseId: r.id,
    model: m.name,
    version: v.version,
    policyVersion: r.policyVersion,
    riskUntil: isOpen(r.status) ? null : (r.decidedAt ?? r.updatedAt),
  });
  const last = entries[entries.length - 1];
  const asOf = last ? { seq: last.seq, at: last.at } : null;
  // An open release's checks are evaluated from the evidence as it stands; "when" is then the last change to it, not
  // the time of the download, which would make two downloads of the same thing differ.
  const open = isOpen(r.status);
  const checks = open ? await checksNow(row) : (r.checks as Check[]);
  const evaluatedAt = open ? new Date(asOf?.at ?? r.updatedAt.toISOString()) : (r.decidedAt ?? r.updatedAt);
  const release = releaseView(row, decisions, checks, evaluatedAt);
  const detail = await getVersion(actor, m.name, v.version);
  const { card: _c, evaluations, audits: auditList, releases: _r, deployments: _d, ...version } = detail;
  const audits = await Promise.all(auditList.map((a) => getBiasAudit(actor, a.id)));
  const links = entries.length ? await chainLinks(entries[0].seq, entries[entries.length - 1].seq) : null;
  return {
    release,
    asOf,
    policy: await policyVersion(r.policyVersion),
    model: {
      name: m.name,
      title: m.title,
      description: m.description,
      owner: m.owner,
      team: m.team,
      riskTier: m.riskTier,
      useCase: m.useCase,
      tags: m.tags,
    },
    version,
    card: await chooseCard(actor, release, v.id, r.decidedAt),
    audits: audits.sort(byTimeThenId),
    evaluations: [...evaluations].sort(byTimeThenId),
    history: await historyUpTo(m.id, r.requestedAt),
    lineage: await upstreamLineage(actor, m.name, v.version),
    entries,
    proof: buildProof(entries, links),
    inclusion: await packInclusion(entries.map((e) => e.seq)),
    coverage: await versionCoverageAll(v.id, new Date(asOf?.at ?? r.updatedAt.toISOString())),
    reviews: await packReviews(actor, m.id, open ? evaluatedAt : (r.decidedAt ?? r.updatedAt)),
    findings: await modelFindingsWithHistory(m.id, evaluatedAt),
  };
}
