import "server-only";
import { sql } from "drizzle-orm";
import { conn, rows } from "@/db/client";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/policy";
import { retentionConfig } from "../ops/retention";
import { type WorkerName, type WorkerStatus, workerStatuses } from "./workers";

// What /admin shows of the background workers: each one's heartbeat in this process (lib/health/workers.ts) and its
// lag, read from the store (so the same on every instance): the compactor's oldest pending batch, the webhook
// outbox's oldest due delivery, the audit entries not yet in a published checkpoint, the security events past their
// retention (STEWARD_RETAIN_SECURITY_DAYS, 90) plus the day their partition spans; the evaluator's lag is the time since its last pass here.

export type WorkerLag = { seconds: number } | { entries: number } | null;
export type WorkerView = WorkerStatus & { lag: WorkerLag; lagText: string };

const num = (v: unknown) => (v == null ? 0 : Number(v));
const secs = (s: number) => (s < 90 ? `${Math.round(s)} s` : s < 5400 ? `${Math.round(s / 60)} min` : `${Math.round(s / 360) / 10} h`);

/** Each worker's lag, from the store at `now`. */
export async function workerLags(now = Date.now()): Promise<Record<WorkerName, WorkerLag>> {
  const at = new Date(now).toISOString();
  // Security events leave by whole days (lib/ops/retention.ts): overdue once older than the retention plus that day.
  const keep = `${(retentionConfig().security ?? 36_500) + 1} days`;
  const [r] = await rows<{ pending: unknown; due: unknown; tree: unknown; published: unknown; overdue: unknown }>(
    sql`select
      (select extract(epoch from ${at}::timestamptz - min(received_at)) from telemetry_pending) as pending,
      (select extract(epoch from ${at}::timestamptz - min(next_attempt_at)) from webhook_deliveries
        where status = 'pending' and next_attempt_at <= ${at}::timestamptz) as due,
      (select coalesce(max(idx) + 1, 0) from audit_tree where level = 0) as tree,
      (select coalesce(max(size), 0) from audit_checkpoints) as published,
      (select extract(epoch from ${at}::timestamptz - ${keep}::interval - min(at)) from security_events
        where at < ${at}::timestamptz - ${keep}::interval) as overdue`,
    await conn(),
  );
  const evaluator = workerStatuses(now).find((w) => w.name === "alert_evaluator")?.lastStart;
  return {
    telemetry_compactor: { seconds: Math.max(0, num(r.pending)) },
    webhook_sender: { seconds: Math.max(0, num(r.due)) },
    alert_evaluator: evaluator ? { seconds: Math.max(0, (now - Date.parse(evaluator)) / 1000) } : null,
    checkpoint_publisher: { entries: Math.max(0, num(r.tree) - num(r.published)) },
    pruning: { seconds: Math.max(0, num(r.overdue)) },
    mrm_reminders: null,
  };
}

const LAG_TEXT: Record<WorkerName, (l: WorkerLag) => string> = {
  telemetry_compactor: (l) => (l && "seconds" in l && l.seconds > 0 ? `oldest pending batch ${secs(l.seconds)} old` : "nothing pending"),
  webhook_sender: (l) => (l && "seconds" in l && l.seconds > 0 ? `oldest due delivery ${secs(l.seconds)} overdue` : "nothing due"),
  alert_evaluator: (l) => (l && "seconds" in l ? `last pass ${secs(l.seconds)} ago` : "no pass yet"),
  checkpoint_publisher: (l) =>
    l && "entries" in l ? (l.entries ? `${l.entries} entr${l.entries === 1 ? "y" : "ies"} since the last checkpoint` : "up to date") : "—",
  pruning: (l) => (l && "seconds" in l && l.seconds > 0 ? `security events ${secs(l.seconds)} past their retention` : "nothing overdue"),
  mrm_reminders: () => "sends each due attestation's reminder once",
};

/** The workers' table on /admin (users.manage: the page's own action). */
export async function workersView(actor: Actor, now = Date.now()): Promise<WorkerView[]> {
  authorize(actor, "users.manage");
  const lags = await workerLags(now);
  return workerStatuses(now).map((w) => ({ ...w, lag: lags[w.name], lagText: LAG_TEXT[w.name](lags[w.name]) }));
}
