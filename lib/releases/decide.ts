import "server-only";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { transact } from "@/db/client";
import { releaseDecisions, releases } from "@/db/schema";
import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/policy";
import { AppError, conflict, pgCode } from "../errors";
import { retrying } from "../retry";
import { enqueueEvent, nudgeWebhooks } from "../webhooks/outbox";
import { failingBlocking } from "./checks";
import { evidenceAuthors } from "./evidence";
import { applyDecision, refuseDecision } from "./machine";
import { promote } from "./promote";
import { checksNow, loadDecisions, loadRelease, releaseView, stateOf, summaryOf } from "./read";
import type { DecideRelease, ReleaseView } from "./schemas";

const ACTIONS = {
  approved: "release.approved",
  rejected: "release.rejected",
  changes_requested: "release.changes_requested",
  pending: "release.approval_recorded",
} as const;

/**
 * POST /api/v1/releases/{id}/decisions. The release row is locked for the whole decision, so simultaneous decisions
 * queue behind each other: each sees the ones before it, and exactly one of them changes the state.
 */
export async function decideRelease(actor: Actor, id: string, input: z.infer<typeof DecideRelease>): Promise<ReleaseView> {
  authorize(actor, "release.decide"); // the role and scope; four eyes once the release is read
  const result = await retrying(() =>
    transact(async (tx) => {
      const row = await loadRelease(id, true);
      const decisions = await loadDecisions(id);
      const checks = await checksNow(row);
      const authors = (await evidenceAuthors([row.v])).get(row.v.id) ?? [];
      const state = stateOf(row, decisions, authors);
      const person = actor;
      const refusal = refuseDecision(
        state,
        person,
        input.decision,
        failingBlocking(checks).map((c) => c.title),
      );
      if (refusal) throw new AppError(refusal.code, refusal.status, refusal.message);
      if (input.decision === "approve" && (row.v.stage === "retired" || row.v.stage === row.r.targetStage))
        throw conflict(
          `Version ${row.v.version} is ${row.v.stage} now, so this release can no longer be approved; cancel it.`,
          "version_changed",
        );

      const next = applyDecision(state, person, input.decision);
      const now = new Date();
      try {
        await tx.insert(releaseDecisions).values({
          releaseId: id,
          round: row.r.round,
          reviewer: actor.email,
          reviewerName: actor.name,
          reviewerRoles: [...actor.roles],
          decision: input.decision,
          comment: input.comment,
        });
      } catch (e) {
        if (pgCode(e) === "23505") throw conflict("You have decided this release already.", "already_decided");
        throw e;
      }
      // Approved and rejected are final; "changes requested" goes back to the requester and may return.
      const final = next.status === "approved" || next.status === "rejected";
      const [r] = await tx
        .update(releases)
        .set({ status: next.status, checks, updatedAt: now, decidedAt: final ? now : null })
        .where(eq(releases.id, id))
        .returning();
      const updated = { ...row, r };
      if (next.status === "approved") await promote(tx, actor, updated);
      const view = releaseView(await loadRelease(id), await loadDecisions(id), checks, now);
      const action =
        row.r.kind === "rollback" && next.status === "approved" ? "release.rolled_back" : ACTIONS[next.status as keyof typeof ACTIONS];
      await appendAudit(
        tx,
        actor,
        action,
        { type: "release", id },
        { status: row.r.status, approvals: state.decisions.filter((d) => d.round === row.r.round && d.decision === "approve").length },
        {
          status: next.status,
          decision: input.decision,
          comment: input.comment,
          round: row.r.round,
          checks,
          model: view.model,
          version: view.version,
        },
      );
      if (next.status !== row.r.status)
        await enqueueEvent(tx, action, {
          release: summaryOf(view),
          decision: { reviewer: actor.email, decision: input.decision, comment: input.comment },
        });
      return { view, changed: next.status !== row.r.status };
    }),
  );
  if (result.changed) nudgeWebhooks();
  return result.view;
}
