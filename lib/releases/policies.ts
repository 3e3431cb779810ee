import "server-only";
import { desc, eq, sql } from "drizzle-orm";
import { type Conn, conn, transact } from "@/db/client";
import { LOCKS } from "@/db/locks";
import { releasePolicies } from "@/db/schema";
import { appendAudit } from "../audit/append";
import { type Actor, SYSTEM } from "../auth/actor";
import { authorize } from "../auth/policy";
import { notFound } from "../errors";
import { DEFAULT_POLICY, type Policy, PolicyRules } from "./policy";

const view = (r: typeof releasePolicies.$inferSelect): Policy => ({
  version: r.version,
  rules: PolicyRules.parse(r.rules),
  createdBy: r.createdBy,
  createdAt: r.createdAt.toISOString(),
});

/** The policy in force: the highest version. The first call on a new store writes API.md's default as version 1. */
export async function currentPolicy(c?: Conn): Promise<Policy> {
  const db = c ?? (await conn());
  const [r] = await db.select().from(releasePolicies).orderBy(desc(releasePolicies.version)).limit(1);
  if (r) return view(r);
  // A new store: write the defaults as version 1 on the primary (this read may have gone to a replica), and use them.
  const first = await transact(async (tx) => {
    await tx.insert(releasePolicies).values({ version: 1, rules: DEFAULT_POLICY, createdBy: SYSTEM.email }).onConflictDoNothing();
    const [x] = await tx.select().from(releasePolicies).orderBy(desc(releasePolicies.version)).limit(1);
    return x;
  });
  return view(first);
}

export async function policyVersion(version: number, c?: Conn): Promise<Policy> {
  const db = c ?? (await conn());
  const [r] = await db.select().from(releasePolicies).where(eq(releasePolicies.version, version));
  if (!r) throw notFound(`Policy version ${version}`);
  return view(r);
}

/** GET /api/v1/policies/release: anyone signed in may read the rules their releases are judged by. */
export async function getPolicy(actor: Actor): Promise<Policy & { history: { version: number; createdBy: string; createdAt: string }[] }> {
  authorize(actor, "inventory.read");
  const p = await currentPolicy();
  const db = await conn();
  const history = await db
    .select({ version: releasePolicies.version, createdBy: releasePolicies.createdBy, createdAt: releasePolicies.createdAt })
    .from(releasePolicies)
    .orderBy(desc(releasePolicies.version))
    .limit(50);
  return { ...p, history: history.map((h) => ({ ...h, createdAt: h.createdAt.toISOString() })) };
}

/** PUT /api/v1/policies/release: a new version; releases already requested keep the version they were judged under. */
export async function updatePolicy(actor: Actor, rules: PolicyRules): Promise<Policy> {
  authorize(actor, "policies.manage");
  return transact(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCKS.releasePolicy})`);
    const before = await currentPolicy(tx);
    const [r] = await tx
      .insert(releasePolicies)
      .values({ version: before.version + 1, rules, createdBy: actor.email })
      .returning();
    const after = view(r);
    await appendAudit(tx, actor, "policy.updated", { type: "policy", id: "release" }, before, after);
    return after;
  });
}
