import "server-only";
import { desc, eq } from "drizzle-orm";
import type { z } from "zod";
import { conn, transact } from "@/db/client";
import { models, riskAssessments } from "@/db/schema";
import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { authorize, modelSubject } from "../auth/policy";
import { badRequest, conflict, notFound } from "../errors";
import { updateModel } from "../inventory/models";
import { checkAnswers, type Question, suggestTier } from "./questionnaire";
import { currentQuestionnaire, questionnaireVersion } from "./questionnaires";
import type { Assessment, ConfirmAssessment, SubmitAssessment } from "./schemas";

type Row = typeof riskAssessments.$inferSelect;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

function view(r: Row, model: string, questions: readonly Question[]): Assessment {
  return {
    id: r.id,
    model,
    questionnaireVersion: r.questionnaireVersion,
    answers: r.answers.map((a) => {
      const q = questions.find((x) => x.id === a.question);
      const o = q?.options.find((x) => x.id === a.option);
      return { question: a.question, option: a.option, text: q?.text ?? a.question, label: o?.label ?? a.option, tier: o?.tier ?? "low" };
    }),
    suggestedTier: r.suggestedTier,
    reason: r.reason,
    tierBefore: r.tierBefore,
    status: r.status,
    confirmedTier: r.confirmedTier,
    confirmComment: r.confirmComment,
    confirmedBy: r.confirmedBy,
    confirmedAt: iso(r.confirmedAt),
    submittedBy: r.submittedBy,
    submittedAt: r.submittedAt.toISOString(),
  };
}

/** POST /api/v1/models/{name}/assessments: the owner's (or a maintainer's) answers → the suggested tier and why. */
export async function submitAssessment(actor: Actor, name: string, input: z.infer<typeof SubmitAssessment>): Promise<Assessment> {
  authorize(actor, "assessment.submit");
  return transact(async (tx) => {
    const [m] = await tx.select().from(models).where(eq(models.name, name)).for("update");
    if (!m) throw notFound(`The model ${name}`);
    authorize(actor, "assessment.submit", modelSubject(m));
    const q = await currentQuestionnaire(tx);
    const problems = checkAnswers(q.questions, input.answers);
    if (problems.length) throw badRequest("The answers do not fit the questionnaire.", problems);
    const s = suggestTier(q.questions, input.answers);
    const [r] = await tx
      .insert(riskAssessments)
      .values({
        modelId: m.id,
        questionnaireVersion: q.version,
        answers: input.answers.map((a) => ({ question: a.question, option: a.option })),
        suggestedTier: s.tier,
        reason: s.reason,
        tierBefore: m.riskTier,
        submittedBy: actor.email,
      })
      .returning();
    const v = view(r, m.name, q.questions);
    await appendAudit(tx, actor, "assessment.submitted", { type: "assessment", id: r.id }, null, { ...v, model: m.name });
    return v;
  });
}

/**
 * POST /api/v1/models/{name}/assessments/{id}/confirm: compliance (or an admin) confirms the suggested tier or overrides
 * it (an override needs a comment); the model's tier becomes it. Decided once (409 after).
 */
export async function confirmAssessment(
  actor: Actor,
  name: string,
  id: string,
  input: z.infer<typeof ConfirmAssessment>,
): Promise<Assessment> {
  authorize(actor, "assessment.confirm");
  return transact(async (tx) => {
    const [m] = await tx.select().from(models).where(eq(models.name, name)).for("update");
    if (!m) throw notFound(`The model ${name}`);
    const valid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
    const [r] = valid ? await tx.select().from(riskAssessments).where(eq(riskAssessments.id, id)).for("update") : [];
    if (!r || r.modelId !== m.id) throw notFound(`The assessment ${id} of ${name}`);
    if (r.status !== "submitted") throw conflict(`This assessment was ${r.status} already (${r.confirmedTier}).`, "assessment_decided");
    const override = input.tier !== r.suggestedTier;
    if (override && !input.comment)
      throw badRequest("An override needs a comment.", [{ path: "comment", message: "say why the tier differs from the suggested one" }]);
    const [after] = await tx
      .update(riskAssessments)
      .set({
        status: override ? "overridden" : "confirmed",
        confirmedTier: input.tier,
        confirmComment: input.comment || null,
        confirmedBy: actor.email,
        confirmedAt: new Date(),
      })
      .where(eq(riskAssessments.id, id))
      .returning();
    const q = await questionnaireVersion(r.questionnaireVersion, tx);
    // The tier is set as PATCH sets it (model.riskTier: compliance and admins), with its own audit entry.
    if (input.tier !== m.riskTier) await updateModel(actor, name, { riskTier: input.tier });
    const v = view(after, m.name, q.questions);
    await appendAudit(
      tx,
      actor,
      override ? "assessment.overridden" : "assessment.confirmed",
      { type: "assessment", id },
      view(r, m.name, q.questions),
      v,
    );
    return v;
  });
}

/** GET /api/v1/models/{name}/assessments: the model's assessment history, newest first. */
export async function listAssessments(actor: Actor, name: string): Promise<{ items: Assessment[] }> {
  authorize(actor, "inventory.read");
  const db = await conn();
  const [m] = await db.select().from(models).where(eq(models.name, name));
  if (!m) throw notFound(`The model ${name}`);
  const rs = await db
    .select()
    .from(riskAssessments)
    .where(eq(riskAssessments.modelId, m.id))
    .orderBy(desc(riskAssessments.submittedAt), desc(riskAssessments.id))
    .limit(100);
  const versions = new Map<number, Question[]>();
  for (const r of rs)
    if (!versions.has(r.questionnaireVersion))
      versions.set(r.questionnaireVersion, (await questionnaireVersion(r.questionnaireVersion)).questions);
  return { items: rs.map((r) => view(r, m.name, versions.get(r.questionnaireVersion) ?? [])) };
}
