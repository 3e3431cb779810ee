import "server-only";
import { sql } from "drizzle-orm";
import { driverName, transact } from "@/db/client";
import { LOCKS } from "@/db/locks";
import { mrmReminders } from "@/db/schema";
import { lockHeldElsewhere, recordRun, workerStarted } from "../health/workers";
import { log } from "../log";
import { enqueueEvent, nudgeWebhooks } from "../webhooks/outbox";
import { attestationsDue } from "./attestations";

/**
 * One pass of the reminders: each outstanding attestation queues `attestation.due` to the webhooks once per model and
 * due date. The row in mrm_reminders (its key the model and the due date) is inserted in the same transaction as the
 * outbox rows, so a reminder is sent once across passes and instances; the advisory lock only spares the others the work.
 */
export async function sendReminders(now = new Date()): Promise<{ sent: number } | null> {
  const out = await transact(async (tx) => {
    if (driverName() === "postgres") {
      const got = (await tx.execute(sql`select pg_try_advisory_xact_lock(${LOCKS.mrmReminders}) as ok`)) as unknown as {
        rows: { ok: boolean }[];
      };
      if (!got.rows[0]?.ok) return null;
    }
    let sent = 0;
    for (const a of (await attestationsDue(now)).filter((x) => x.state === "outstanding")) {
      const key = `attestation.due:${a.modelId}:${a.dueAt.slice(0, 10)}`;
      const inserted = await tx
        .insert(mrmReminders)
        .values({ key, event: "attestation.due", modelId: a.modelId })
        .onConflictDoNothing()
        .returning();
      if (!inserted.length) continue;
      await enqueueEvent(tx, "attestation.due", {
        model: a.model,
        owner: a.owner,
        tier: a.tier,
        dueAt: a.dueAt,
        lastAttestedAt: a.lastAttestedAt,
        attestUrl: `/models/${encodeURIComponent(a.model)}#risk`,
      });
      sent++;
    }
    return { sent };
  });
  if (out === null) lockHeldElsewhere("mrm_reminders");
  else if (out.sent) nudgeWebhooks();
  return out;
}

const G = globalThis as unknown as { __stewardMrmReminders?: { timer: NodeJS.Timeout | null } };

/** Every MRM_REMINDER_MS (60 s), in each instance; started by lib/startup.ts. */
export function startMrmReminders(): void {
  if (G.__stewardMrmReminders) return;
  const s = { timer: null as NodeJS.Timeout | null };
  G.__stewardMrmReminders = s;
  const every = Number(process.env.MRM_REMINDER_MS) || 60_000;
  workerStarted("mrm_reminders", every);
  const run = async () => {
    try {
      await recordRun("mrm_reminders", () => sendReminders(), { failure: "The last reminder pass failed" });
    } catch (e) {
      log("warn", "model-risk reminders failed", { error: e instanceof Error ? e.message : String(e) });
    }
    s.timer = setTimeout(run, every);
    s.timer.unref?.();
  };
  s.timer = setTimeout(run, Math.min(every, 5_000));
  s.timer.unref?.();
}
