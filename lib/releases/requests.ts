import "server-only";
import { and, desc, eq } from "drizzle-orm";
import type { z } from "zod";
import { conn, transact } from "@/db/client";
import { models, modelVersions, releases } from "@/db/schema";
import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { authorize, modelSubject } from "../auth/policy";
import { AppError, conflict, notFound, pgCode } from "../errors";
import type { RiskTier } from "../inventory/schemas";
import { findVersion } from "../inventory/versions";
import { retrying } from "../retry";
import { enqueueEvent, nudgeWebhooks } from "../webhooks/outbox";
import { type Check, evaluateChecks } from "./checks";
import { gatherEvidence, productionVersion } from "./evidence";
import { applyResubmit, refuseCancel, refuseResubmit } from "./machine";
import { currentPolicy } from "./policies";
import type { Policy } from "./policy";
import { checksNow, loadDecisions, loadRelease, releaseView, stateOf, summaryOf } from "./read";
import type { CancelRelease, CreateRelease, ReleaseView, RequestRollback, ResubmitRelease } from "./schemas";

type Target = "staging" | "production";

function approvalsFor(policy: Policy, tier: RiskTier) {
  return { requiredApprovals: policy.rules.requiredApprovals[tier], requiresCompliance: policy.rules.complianceApproval.includes(tier) };
}

/** Which stages a version may be released to from where it is. */
function refuseStage(stage: string, target: Target, version: string): AppError | null {
  if (stage === target) return conflict(`Version ${version} is in ${target} already.`, "already_in_stage");
  if (stage === "retired") return new AppError("version_retired", 422, `Version ${version} is retired; register a new version instead.`);
  if (stage === "production")
    return new AppError("invalid_target", 422, `Version ${version} is in production; it leaves only when another release replaces it.`);
  return null;
}

export type ChecksPreview = {
  policyVersion: number;
  requiredApprovals: number;
  requiresCompliance: boolean;
  replaces: string | null;
  checks: Check[];
};

/** What a request would be judged on, before it is made (GET …/versions/{version}/release-checks). */
export async function previewChecks(actor: Actor, name: string, version: string, target: Target): Promise<ChecksPreview> {
  authorize(actor, "inventory.read");
  const { m, v } = await findVersion(name, version);
  const policy = await currentPolicy();
  const replaced = target === "production" ? await productionVersion(m.id) : null;
  const rep = replaced && replaced.id !== v.id ? replaced : null;
  const checks = evaluateChecks(await gatherEvidence(m.name, v, rep), policy.rules, { target, riskTier: m.riskTier, kind: "release" });
  return { policyVersion: policy.version, ...approvalsFor(policy, m.riskTier), replaces: rep?.version ?? null, checks };
}

async function afterCommit<T extends { view: ReleaseView }>(p: Promise<T>): Promise<ReleaseView> {
  const r = await p;
  nudgeWebhooks();
  return r.view;
}

/** POST /api/v1/releases */
export async function requestRelease(actor: Actor, input: CreateRelease): Promise<ReleaseView> {
  authorize(actor, "release.request");
  return afterCommit(
    transact(async (tx) => {
      const [m] = await tx.select().from(models).where(eq(models.name, input.model)).for("update");
      if (!m) throw notFound(`The model ${input.model}`);
      const [v] = await tx
        .select()
        .from(modelVersions)
        .where(and(eq(modelVersions.modelId, m.id), eq(modelVersions.version, input.version)));
      if (!v) throw notFound(`Version ${input.version} of the model ${input.model}`);
      const refused = refuseStage(v.stage, input.targetStage, v.version);
      if (refused) throw refused;
      const policy = await currentPolicy(tx);
      const replaced = input.targetStage === "production" ? await productionVersion(m.id) : null;
      const checks = evaluateChecks(await gatherEvidence(m.name, v, replaced), policy.rules, {
        target: input.targetStage,
        riskTier: m.riskTier,
        kind: "release",
      });
      let id: string;
      try {
        [{ id }] = await tx
          .insert(releases)
          .values({
            modelId: m.id,
            versionId: v.id,
            kind: "release",
            targetStage: input.targetStage,
            summary: input.summary,
            rollout: input.rollout ?? null,
            policyVersion: policy.version,
            ...approvalsFor(policy, m.riskTier),
            checks,
            replacesVersionId: replaced?.id ?? null,
            requestedBy: actor.email,
            stewardsAtRequest: { owner: m.owner, maintainers: m.maintainers },
          })
          .returning({ id: releases.id });
      } catch (e) {
        if (pgCode(e) === "23505")
          throw conflict(
            `A release of ${m.name} ${v.version} to ${input.targetStage} is open already; decide, resubmit or cancel that one.`,
            "release_open",
          );
        throw e;
      }
      const view = releaseView(await loadRelease(id), [], checks, new Date());
      await appendAudit(tx, actor, "release.requested", { type: "release", id }, null, view);
      await enqueueEvent(tx, "release.requested", { release: summaryOf(view) });
      return { view };
    }),
  );
}

/** POST /api/v1/releases/{id}/resubmit: after "request changes", judged again under the policy now in force. */
export async function resubmitRelease(actor: Actor, id: string, input: z.infer<typeof ResubmitRelease>): Promise<ReleaseView> {
  authorize(actor, "release.resubmit");
  return afterCommit(
    retrying(() =>
      transact(async (tx) => {
        const row = await loadRelease(id, true);
        const decisions = await loadDecisions(id);
        const state = stateOf(row, decisions, []);
        const refusal = refuseResubmit(state, actor);
        if (refusal) throw new AppError(refusal.code, refusal.status, refusal.message);
        const next = applyResubmit(state);
        const policy = await currentPolicy(tx);
        const now = new Date();
        await tx
          .update(releases)
          .set({
            status: next.status,
            round: next.round,
            summary: input.summary ?? row.r.summary,
            policyVersion: policy.version,
            ...(row.r.kind === "release" ? approvalsFor(policy, row.m.riskTier) : {}),
            updatedAt: now,
            decidedAt: null,
          })
          .where(eq(releases.id, id));
        const fresh = await loadRelease(id);
        const checks = await checksNow(fresh);
        await tx.update(releases).set({ checks }).where(eq(releases.id, id));
        const view = releaseView(fresh, decisions, checks, now);
        await appendAudit(
          tx,
          actor,
          "release.resubmitted",
          { type: "release", id },
          { status: row.r.status, round: row.r.round },
          {
            status: next.status,
            round: next.round,
            comment: input.comment ?? null,
            summary: view.summary,
            policyVersion: policy.version,
            checks,
          },
        );
        await enqueueEvent(tx, "release.resubmitted", { release: summaryOf(view) });
        return { view };
      }),
    ),
  );
}

/** POST /api/v1/releases/{id}/cancel: the requester or an admin. */
export async function cancelRelease(actor: Actor, id: string, input: z.infer<typeof CancelRelease>): Promise<ReleaseView> {
  authorize(actor, "release.cancel");
  return afterCommit(
    retrying(() =>
      transact(async (tx) => {
        const row = await loadRelease(id, true);
        const decisions = await loadDecisions(id);
        const refusal = refuseCancel(stateOf(row, decisions, []), actor);
        if (refusal) throw new AppError(refusal.code, refusal.status, refusal.message);
        const now = new Date();
        await tx.update(releases).set({ status: "cancelled", updatedAt: now, decidedAt: now }).where(eq(releases.id, id));
        const view = releaseView(await loadRelease(id), decisions, row.r.checks as Check[], now);
        await appendAudit(
          tx,
          actor,
          "release.cancelled",
          { type: "release", id },
          { status: row.r.status },
          { status: "cancelled", reason: input.reason ?? null },
        );
        await enqueueEvent(tx, "release.cancelled", { release: summaryOf(view), reason: input.reason ?? null });
        return { view };
      }),
    ),
  );
}

/**
 * POST /api/v1/models/{name}/rollback: an expedited release that puts back the version the production one replaced.
 * One approval from anyone but the requester, whatever the tier; the checks are shown but do not block.
 */
export async function requestRollback(actor: Actor, name: string, input: z.infer<typeof RequestRollback>): Promise<ReleaseView> {
  authorize(actor, "release.rollback");
  return afterCommit(
    transact(async (tx) => {
      const [m] = await tx.select().from(models).where(eq(models.name, name)).for("update");
      if (!m) throw notFound(`The model ${name}`);
      authorize(actor, "release.rollback", modelSubject(m));
      const current = await productionVersion(m.id);
      if (!current)
        throw new AppError("nothing_in_production", 422, `${name} has no version in production, so there is nothing to roll back.`);
      const previous = await replacedBy(m.id, current.id);
      if (!previous)
        throw new AppError(
          "nothing_to_roll_back",
          422,
          `No earlier production version of ${name} is recorded, so there is nothing to put back.`,
        );
      const policy = await currentPolicy(tx);
      const checks = evaluateChecks(await gatherEvidence(m.name, previous, current), policy.rules, {
        target: "production",
        riskTier: m.riskTier,
        kind: "rollback",
      });
      let id: string;
      try {
        [{ id }] = await tx
          .insert(releases)
          .values({
            modelId: m.id,
            versionId: previous.id,
            kind: "rollback",
            targetStage: "production",
            summary: `Roll back ${name} from ${current.version} to ${previous.version}.`,
            reason: input.reason,
            rollout: { strategy: "full" },
            policyVersion: policy.version,
            requiredApprovals: 1,
            requiresCompliance: false,
            checks,
            replacesVersionId: current.id,
            requestedBy: actor.email,
            stewardsAtRequest: { owner: m.owner, maintainers: m.maintainers },
          })
          .returning({ id: releases.id });
      } catch (e) {
        if (pgCode(e) === "23505")
          throw conflict(`A release putting ${previous.version} back in production is open already.`, "release_open");
        throw e;
      }
      const view = releaseView(await loadRelease(id), [], checks, new Date());
      await appendAudit(tx, actor, "release.rollback_requested", { type: "release", id }, null, view);
      await enqueueEvent(tx, "release.rollback_requested", { release: summaryOf(view), reason: input.reason });
      return { view };
    }),
  );
}

/** The version a rollback of this model would put back, or null when there is none (for the model page). */
export async function rollbackTarget(name: string): Promise<string | null> {
  const db = await conn();
  const [m] = await db.select().from(models).where(eq(models.name, name));
  if (!m) return null;
  const current = await productionVersion(m.id);
  return current ? ((await replacedBy(m.id, current.id))?.version ?? null) : null;
}

/** The version a production version replaced: from the release that put it there, else the latest archived one. */
async function replacedBy(modelId: number, currentId: number) {
  const db = await conn();
  const [viaRelease] = await db
    .select({ v: modelVersions })
    .from(releases)
    .innerJoin(modelVersions, eq(modelVersions.id, releases.replacesVersionId))
    .where(and(eq(releases.versionId, currentId), eq(releases.status, "approved"), eq(releases.targetStage, "production")))
    .orderBy(desc(releases.decidedAt))
    .limit(1);
  if (viaRelease && viaRelease.v.stage !== "retired") return viaRelease.v;
  const [archived] = await db
    .select()
    .from(modelVersions)
    .where(and(eq(modelVersions.modelId, modelId), eq(modelVersions.stage, "archived")))
    .orderBy(desc(modelVersions.stageChangedAt), desc(modelVersions.id))
    .limit(1);
  return archived ?? null;
}
