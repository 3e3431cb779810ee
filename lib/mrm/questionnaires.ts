import "server-only";
import { desc, eq, sql } from "drizzle-orm";
import { type Conn, conn, transact } from "@/db/client";
import { LOCKS } from "@/db/locks";
import { riskQuestionnaires } from "@/db/schema";
import { appendAudit } from "../audit/append";
import { type Actor, SYSTEM } from "../auth/actor";
import { authorize } from "../auth/policy";
import { notFound } from "../errors";
import { DEFAULT_QUESTIONS, type Question, Questions } from "./questionnaire";
import type { QuestionnaireView } from "./schemas";

type Row = typeof riskQuestionnaires.$inferSelect;
export type Questionnaire = { version: number; questions: Question[]; createdBy: string; createdAt: string };
const view = (r: Row): Questionnaire => ({
  version: r.version,
  questions: Questions.parse(r.questions),
  createdBy: r.createdBy,
  createdAt: r.createdAt.toISOString(),
});

/** The questionnaire in force; the first call on a new store writes the shipped questions as version 1. */
export async function currentQuestionnaire(c?: Conn): Promise<Questionnaire> {
  const db = c ?? (await conn());
  const [r] = await db.select().from(riskQuestionnaires).orderBy(desc(riskQuestionnaires.version)).limit(1);
  if (r) return view(r);
  // A new store: write the defaults as version 1 on the primary (this read may have gone to a replica), and use them.
  const first = await transact(async (tx) => {
    await tx.insert(riskQuestionnaires).values({ version: 1, questions: DEFAULT_QUESTIONS, createdBy: SYSTEM.email }).onConflictDoNothing();
    const [x] = await tx.select().from(riskQuestionnaires).orderBy(desc(riskQuestionnaires.version)).limit(1);
    return x;
  });
  return view(first);
}

export async function questionnaireVersion(version: number, c?: Conn): Promise<Questionnaire> {
  const db = c ?? (await conn());
  const [r] = await db.select().from(riskQuestionnaires).where(eq(riskQuestionnaires.version, version));
  if (!r) throw notFound(`Questionnaire version ${version}`);
  return view(r);
}

async function history(c: Conn) {
  const h = await c
    .select({ version: riskQuestionnaires.version, createdBy: riskQuestionnaires.createdBy, createdAt: riskQuestionnaires.createdAt })
    .from(riskQuestionnaires)
    .orderBy(desc(riskQuestionnaires.version))
    .limit(50);
  return h.map((x) => ({ ...x, createdAt: x.createdAt.toISOString() }));
}

/** GET /api/v1/risk-questionnaire: anyone signed in. */
export async function getQuestionnaire(actor: Actor): Promise<QuestionnaireView> {
  authorize(actor, "inventory.read");
  const q = await currentQuestionnaire();
  return { ...q, history: await history(await conn()) };
}

/** PUT /api/v1/risk-questionnaire: a new version (admin); assessments keep the version they answered. */
export async function updateQuestionnaire(actor: Actor, questions: Question[]): Promise<QuestionnaireView> {
  authorize(actor, "questionnaire.manage");
  return transact(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCKS.riskQuestionnaire})`);
    const before = await currentQuestionnaire(tx);
    const [r] = await tx
      .insert(riskQuestionnaires)
      .values({ version: before.version + 1, questions, createdBy: actor.email })
      .returning();
    const after = view(r);
    await appendAudit(tx, actor, "risk_questionnaire.updated", { type: "risk_questionnaire", id: String(after.version) }, before, after);
    return { ...after, history: await history(tx) };
  });
}
