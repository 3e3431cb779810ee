import "server-only";
import { driverName, getDb, transact } from "@/db/client";
import { startCheckpointPublisher } from "./audit/publish";
import { signingKeyRefusal } from "./audit/signing";
import { backfillTree } from "./audit/tree";
import { bootstrap } from "./auth/bootstrap";
import { backfillModels, backfillReportedDeployments } from "./lineage/link";
import { log } from "./log";
import { startMrmReminders } from "./mrm/reminders";
import { retentionRefusal, startRetention } from "./ops/retention";
import { startAlertEvaluator } from "./slo/evaluate";
import { startTelemetryCompactor } from "./telemetry/compact";
import { startWebhookWorker } from "./webhooks/deliver";

/** Called once per server process (instrumentation.ts): open and migrate the store, then bootstrap. */
export async function startup(): Promise<void> {
  if (!process.env.NEXTAUTH_SECRET) {
    console.error("NEXTAUTH_SECRET is not set: sign-in cannot work. Set it to a long random string (e.g. `openssl rand -base64 32`).");
  }
  // Checkpoints signed with a missing or weak key would be worthless: production refuses to start (lib/audit/signing.ts).
  const refusal = signingKeyRefusal();
  if (refusal) {
    console.error(refusal);
    process.exit(1);
  }
  // A retention that is not a number of days would keep too much or drop too soon: refuse to start, naming the variable.
  const badRetention = retentionRefusal();
  if (badRetention) {
    console.error(badRetention);
    process.exit(1);
  }
  try {
    await getDb();
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  }
  await bootstrap();
  // A store made before lineage existed gets its versions and deployments drawn into the graph once.
  await transact((tx) => backfillModels(tx));
  // Reported deployments (API.md v1.2) missing from the graph get their deployment:{model}:{environment} nodes.
  await transact((tx) => backfillReportedDeployments(tx));
  // A trail from before the audit Merkle tree gets its tree built once, under the audit lock (lib/audit/tree.ts).
  const tree = await backfillTree();
  if (!tree.ok) log("warn", "audit Merkle tree not built", { reason: tree.reason });
  else if (tree.added) log("info", "audit Merkle tree built", { leaves: tree.added, size: tree.size });
  log("info", "store ready", { db: driverName() });
  // Sends what the webhook outbox holds: every WEBHOOK_POLL_MS, and at once when a change is committed.
  startWebhookWorker();
  // Judges every SLO every ALERT_EVAL_MS (30 s); one instance at a time, by an advisory lock in Postgres.
  startAlertEvaluator();
  // Folds the telemetry the ingest appended into the minute, hour and day tiers every TELEMETRY_COMPACT_MS (1 s); one
  // instance at a time. Reads never wait for it: they take the pending rows with the tiers.
  startTelemetryCompactor();
  // Publishes a signed checkpoint of the audit trail to its webhooks and witnesses every AUDIT_CHECKPOINT_ENTRIES
  // entries or AUDIT_CHECKPOINT_MINUTES (lib/audit/publish.ts); one instance at a time.
  startCheckpointPublisher();
  // Makes the time partitions ahead and drops whole ones past their retention (lib/ops/retention.ts): soon after start,
  // then hourly; one instance at a time.
  startRetention();
  // Sends attestation.due to webhooks once per model and due date (lib/mrm/reminders.ts); every MRM_REMINDER_MS (60 s).
  startMrmReminders();
}
