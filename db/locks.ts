/**
 * Every fixed Postgres advisory-lock id Steward takes, in one place so two never collide. Transaction-scoped unless
 * said otherwise. (Per-key locks are taken on `hashtextextended(key, 0)` instead: idempotency keys, pipeline runs.)
 */
export const LOCKS = {
  /** Session-scoped, around migrations at start-up: one instance migrates, the others wait (db/client.ts). */
  migrate: 7265001,
  /** Every audit append: serialises the chain and the Merkle tree across instances (lib/audit/append.ts, tree.ts). */
  audit: 7265002,
  /** Publishing a signed checkpoint (lib/audit/publish.ts): one instance at a time, others skip. */
  publishCheckpoint: 7265003,
  /** A new release policy version (lib/releases/policies.ts): versions are numbered without gaps. */
  releasePolicy: 7265005,
  /** The alert evaluator's pass (lib/slo/evaluate.ts): one instance at a time, others skip. */
  alertEvaluator: 7265011,
  /** The telemetry compactor's pass (lib/telemetry/compact.ts): one instance at a time, others skip. */
  telemetryCompactor: 7265021,
  /** The retention pass (lib/ops/retention.ts): makes and drops time partitions; one instance at a time, others skip. */
  retention: 7265031,
  /** A new review policy or risk questionnaire version (lib/mrm/): versions are numbered without gaps. */
  reviewPolicy: 7265041,
  riskQuestionnaire: 7265042,
  /** The model-risk reminders' pass (lib/mrm/reminders.ts): one instance at a time, others skip. */
  mrmReminders: 7265043,
  /** Start-up's bootstrap (lib/auth/bootstrap.ts): instances starting at once make the first admin and token once. */
  bootstrap: 7265051,
} as const;
