import "server-only";
import { aliasedTable, and, asc, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { conn } from "@/db/client";
import { models, modelVersions, releaseDecisions, releases } from "@/db/schema";
import { decodeCursor, encodeCursor, type Page } from "../api/pagination";
import type { Actor } from "../auth/actor";
import { authorize, decide, type EvidenceAuthor } from "../auth/policy";
import { notFound } from "../errors";
import { type Check, type CheckContext, evaluateChecks, failingBlocking } from "./checks";
import { evidenceAuthors, gatherEvidence, productionVersion } from "./evidence";
import { type DecisionKind, isOpen, type ReleaseState, refuseCancel, refuseDecision, refuseResubmit, releaseSubject } from "./machine";
import { policyVersion } from "./policies";
import type { ListReleasesQuery, ReleaseDecisionView, ReleaseSummaryView, ReleaseView } from "./schemas";

const replacedVersion = aliasedTable(modelVersions, "replaced_version");
export type ReleaseRow = {
  r: typeof releases.$inferSelect;
  m: typeof models.$inferSelect;
  v: typeof modelVersions.$inferSelect;
  rep: typeof modelVersions.$inferSelect | null;
};
type DecisionRow = typeof releaseDecisions.$inferSelect;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function baseQuery(db: Awaited<ReturnType<typeof conn>>) {
  return db
    .select({ r: releases, m: models, v: modelVersions, rep: replacedVersion })
    .from(releases)
    .innerJoin(models, eq(models.id, releases.modelId))
    .innerJoin(modelVersions, eq(modelVersions.id, releases.versionId))
    .leftJoin(replacedVersion, eq(replacedVersion.id, releases.replacesVersionId))
    .$dynamic();
}

/** One release with its model and versions; `lock` takes the release row FOR UPDATE (inside a transaction). */
export async function loadRelease(id: string, lock = false): Promise<ReleaseRow> {
  if (!UUID.test(id)) throw notFound(`The release ${id}`);
  const db = await conn();
  if (lock) await db.select({ id: releases.id }).from(releases).where(eq(releases.id, id)).for("update");
  const [row] = await baseQuery(db).where(eq(releases.id, id));
  if (!row) throw notFound(`The release ${id}`);
  return row;
}

export async function loadDecisions(releaseId: string): Promise<DecisionRow[]> {
  const db = await conn();
  return db.select().from(releaseDecisions).where(eq(releaseDecisions.releaseId, releaseId)).orderBy(asc(releaseDecisions.id));
}

export const decisionView = (d: DecisionRow): ReleaseDecisionView => ({
  reviewer: d.reviewer,
  reviewerName: d.reviewerName,
  reviewerRoles: d.reviewerRoles,
  decision: d.decision,
  comment: d.comment,
  round: d.round,
  at: d.createdAt.toISOString(),
});

/** The machine's view of a release: its state, and who stands where to it (for the policy's four eyes). */
export function stateOf(row: ReleaseRow, decisions: DecisionRow[], authors: readonly EvidenceAuthor[]): ReleaseState {
  return {
    status: row.r.status,
    round: row.r.round,
    kind: row.r.kind,
    requestedBy: row.r.requestedBy,
    stewardsNow: { owner: row.m.owner, maintainers: row.m.maintainers },
    stewardsAtRequest: row.r.stewardsAtRequest ?? null,
    evidenceAuthors: authors,
    requiredApprovals: row.r.requiredApprovals,
    requiresCompliance: row.r.requiresCompliance,
    decisions: decisions.map((d) => ({
      reviewer: d.reviewer,
      roles: d.reviewerRoles as ReleaseState["decisions"][number]["roles"],
      decision: d.decision as DecisionKind,
      round: d.round,
    })),
  };
}

export const checkContext = (row: ReleaseRow): CheckContext => ({
  target: row.r.targetStage === "staging" ? "staging" : "production",
  riskTier: row.m.riskTier,
  kind: row.r.kind,
});

/** The checks of a release evaluated now, under the policy version it records. */
export async function checksNow(row: ReleaseRow): Promise<Check[]> {
  const policy = await policyVersion(row.r.policyVersion);
  const replaced = row.r.targetStage === "production" ? await productionVersion(row.m.id) : null;
  const evidence = await gatherEvidence(row.m.name, row.v, replaced && replaced.id !== row.v.id ? replaced : null);
  return evaluateChecks(evidence, policy.rules, checkContext(row));
}

export function releaseView(row: ReleaseRow, decisions: DecisionRow[], checks: Check[], checksEvaluatedAt: Date): ReleaseView {
  const { r, m, v, rep } = row;
  const all = decisions.map(decisionView);
  return {
    id: r.id,
    kind: r.kind,
    model: m.name,
    version: v.version,
    riskTier: m.riskTier,
    owner: m.owner,
    targetStage: r.targetStage === "staging" ? "staging" : "production",
    summary: r.summary,
    reason: r.reason,
    rollout: r.rollout,
    status: r.status,
    round: r.round,
    requestedBy: r.requestedBy,
    requestedAt: r.requestedAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    decidedAt: r.decidedAt?.toISOString() ?? null,
    policyVersion: r.policyVersion,
    requiredApprovals: r.requiredApprovals,
    requiresCompliance: r.requiresCompliance,
    checks,
    checksEvaluatedAt: checksEvaluatedAt.toISOString(),
    approvals: all.filter((d) => d.round === r.round && d.decision === "approve"),
    decisions: all,
    replaces: rep ? { version: rep.version, stage: rep.stage } : null,
  };
}

/** GET /api/v1/releases/{id}: an open release's checks are evaluated now; a closed one shows them as at its final decision. */
export async function getRelease(actor: Actor, id: string): Promise<ReleaseView> {
  authorize(actor, "inventory.read");
  const row = await loadRelease(id);
  const decisions = await loadDecisions(id);
  if (isOpen(row.r.status)) return releaseView(row, decisions, await checksNow(row), new Date());
  return releaseView(row, decisions, row.r.checks as Check[], row.r.decidedAt ?? row.r.updatedAt);
}

const CursorSchema = z.object({ at: z.string(), id: z.string() });

export function summaryOf(view: ReleaseView): ReleaseSummaryView {
  const { checks, decisions, approvals, ...rest } = view;
  return { ...rest, approvalCount: approvals.length, failingChecks: checks.filter((c) => c.status === "fail").length };
}

/** The releases among these that the policy lets the actor decide (four eyes, with each version's evidence authors). */
async function decidableBy(actor: Actor, rows: ReleaseRow[]): Promise<ReleaseRow[]> {
  const authors = await evidenceAuthors(rows.map((r) => r.v));
  return rows.filter((row) => decide(actor, "release.decide", releaseSubject(stateOf(row, [], authors.get(row.v.id) ?? []))).allow);
}

/** GET /api/v1/releases: newest first; `awaiting=me` is the reviewer's queue. Checks here are as last evaluated. */
export async function listReleases(actor: Actor, q: ListReleasesQuery): Promise<Page<ReleaseSummaryView>> {
  authorize(actor, "inventory.read");
  const db = await conn();
  const where: SQL[] = [];
  if (q.status) where.push(eq(releases.status, q.status));
  if (q.model) where.push(eq(models.name, q.model));
  if (q.requestedBy) where.push(sql`lower(${releases.requestedBy}) = lower(${q.requestedBy})`);
  if (q.awaiting === "me") {
    // The reviewer's queue: pending releases they have not decided this round and that the policy lets them decide
    // (four eyes included), judged row by row below; the SQL only narrows the candidates.
    where.push(eq(releases.status, "pending"));
    where.push(
      sql`not exists (select 1 from ${releaseDecisions} d where d.release_id = ${releases.id} and d.round = ${releases.round} and lower(d.reviewer) = lower(${actor.email}))`,
    );
    if (!decide(actor, "release.decide").allow) where.push(sql`false`);
  }
  const cur = decodeCursor(q.cursor, CursorSchema);
  if (cur) where.push(sql`(${releases.requestedAt}, ${releases.id}) < (${cur.at}::timestamptz, ${cur.id}::uuid)`);
  const query = baseQuery(db)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(releases.requestedAt), desc(releases.id));
  // Pending releases are few: the queue reads them all and keeps those the policy lets this reviewer decide.
  const list: ReleaseRow[] = q.awaiting === "me" ? await decidableBy(actor, await query) : await query.limit(q.limit + 1);
  const page = list.slice(0, q.limit);
  const ids = page.map((p) => p.r.id);
  const decisions = ids.length
    ? await db.select().from(releaseDecisions).where(inArray(releaseDecisions.releaseId, ids)).orderBy(asc(releaseDecisions.id))
    : [];
  const items = page.map((row) =>
    summaryOf(
      releaseView(
        row,
        decisions.filter((d) => d.releaseId === row.r.id),
        row.r.checks as Check[],
        row.r.updatedAt,
      ),
    ),
  );
  const last = page[page.length - 1];
  return {
    items,
    nextCursor: list.length > q.limit && last ? encodeCursor({ at: last.r.requestedAt.toISOString(), id: last.r.id }) : null,
  };
}

/**
 * What a page may offer this actor on this release, as the policy and the machine answer it: deciding (with why not),
 * approving while checks fail, resubmitting, cancelling.
 */
export async function releaseOffer(actor: Actor, id: string) {
  const row = await loadRelease(id);
  const decisions = await loadDecisions(id);
  const authors = (await evidenceAuthors([row.v])).get(row.v.id) ?? [];
  const state = stateOf(row, decisions, authors);
  const failing = failingBlocking(isOpen(row.r.status) ? await checksNow(row) : (row.r.checks as Check[])).map((c) => c.title);
  const cannotDecide = refuseDecision(state, actor, "reject", []);
  const cannotApprove = cannotDecide ? null : refuseDecision(state, actor, "approve", failing);
  return {
    state,
    cannotDecide,
    cannotApprove,
    canResubmit: refuseResubmit(state, actor) === null,
    canCancel: refuseCancel(state, actor) === null,
  };
}
