import "server-only";
import { desc, sql } from "drizzle-orm";
import { type Conn, conn, transact } from "@/db/client";
import { LOCKS } from "@/db/locks";
import { reviewPolicies } from "@/db/schema";
import { appendAudit } from "../audit/append";
import { type Actor, SYSTEM } from "../auth/actor";
import { authorize } from "../auth/policy";
import { ReviewPolicyRules, type ReviewPolicyView } from "./schemas";

const COMMON = [
  "The model card is current: intended use, limits and metrics match how the model is used now",
  "Performance on recent labelled data still meets the card's thresholds",
  "The production version's bias audit is read and still holds",
  "Monitoring covers its failure modes, and alerts since the last review were handled",
  "Open findings and incidents are reviewed",
];

/** The defaults: critical every 6 months, high 12, medium 24, low none; owners attest yearly. */
export const DEFAULT_REVIEW_POLICY: ReviewPolicyRules = {
  intervals: { low: null, medium: 24, high: 12, critical: 6 },
  checklists: {
    low: ["The model card is current", "The model is still used as registered"],
    medium: COMMON,
    high: [
      ...COMMON,
      "Upstream data and lineage are reviewed: sources, quality results and schema changes",
      "Outcome analysis (back-testing) on recent decisions",
    ],
    critical: [
      ...COMMON,
      "Upstream data and lineage are reviewed: sources, quality results and schema changes",
      "Outcome analysis (back-testing) on recent decisions",
      "Conceptual soundness: assumptions and design re-examined, with a challenger model where one exists",
      "Human oversight works as documented",
    ],
  },
  attestationMonths: 12,
  effectiveFrom: null,
};

type Row = typeof reviewPolicies.$inferSelect;
export type ReviewPolicy = Omit<ReviewPolicyView, "history">;
const view = (r: Row): ReviewPolicy => ({
  version: r.version,
  rules: ReviewPolicyRules.parse(r.rules),
  createdBy: r.createdBy,
  createdAt: r.createdAt.toISOString(),
});

/** The policy in force: the highest version. The first call on a new store writes the defaults as version 1. */
export async function currentReviewPolicy(c?: Conn): Promise<ReviewPolicy> {
  const db = c ?? (await conn());
  const [r] = await db.select().from(reviewPolicies).orderBy(desc(reviewPolicies.version)).limit(1);
  if (r) return view(r);
  // A new store: write the defaults as version 1 on the primary (this read may have gone to a replica), and use them.
  const first = await transact(async (tx) => {
    await tx.insert(reviewPolicies).values({ version: 1, rules: DEFAULT_REVIEW_POLICY, createdBy: SYSTEM.email }).onConflictDoNothing();
    const [x] = await tx.select().from(reviewPolicies).orderBy(desc(reviewPolicies.version)).limit(1);
    return x;
  });
  return view(first);
}

async function history(c: Conn) {
  const h = await c
    .select({ version: reviewPolicies.version, createdBy: reviewPolicies.createdBy, createdAt: reviewPolicies.createdAt })
    .from(reviewPolicies)
    .orderBy(desc(reviewPolicies.version))
    .limit(50);
  return h.map((x) => ({ ...x, createdAt: x.createdAt.toISOString() }));
}

/** GET /api/v1/review-policy: anyone signed in reads the schedule their models are reviewed on. */
export async function getReviewPolicy(actor: Actor): Promise<ReviewPolicyView> {
  authorize(actor, "inventory.read");
  const p = await currentReviewPolicy();
  return { ...p, history: await history(await conn()) };
}

/** PUT /api/v1/review-policy: a new version (compliance, admin); reviews already started keep their checklist. */
export async function updateReviewPolicy(actor: Actor, rules: ReviewPolicyRules): Promise<ReviewPolicyView> {
  authorize(actor, "reviewPolicy.manage");
  return transact(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCKS.reviewPolicy})`);
    const before = await currentReviewPolicy(tx);
    const [r] = await tx
      .insert(reviewPolicies)
      .values({ version: before.version + 1, rules, createdBy: actor.email })
      .returning();
    const after = view(r);
    await appendAudit(tx, actor, "review_policy.updated", { type: "review_policy", id: String(after.version) }, before, after);
    return { ...after, history: await history(tx) };
  });
}
