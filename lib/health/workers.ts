// The background workers' heartbeats, per process (issue 17, item 7): each worker wraps its pass in recordRun(), which
// notes when the pass started and ended, whether it succeeded, and, when it threw, a fixed sentence and the time (never
// the error's text: it may hold SQL, a URL with credentials or a stack). /api/ready asks whether every started worker
// is alive; /admin shows the lot. Kept on globalThis: instrumentation and route handlers are bundled apart.

export const WORKERS = [
  "telemetry_compactor",
  "alert_evaluator",
  "webhook_sender",
  "checkpoint_publisher",
  "pruning",
  "mrm_reminders",
] as const;
export type WorkerName = (typeof WORKERS)[number];

export const WORKER_LABEL: Record<WorkerName, string> = {
  telemetry_compactor: "Telemetry compactor",
  alert_evaluator: "Alert evaluator",
  webhook_sender: "Webhook sender",
  checkpoint_publisher: "Checkpoint publisher",
  pruning: "Pruning",
  mrm_reminders: "Model-risk reminders",
};

/** The variable that sets each interval worker's period (pruning runs on demand, at most once an hour per kind). */
export const WORKER_INTERVAL_VAR: Record<WorkerName, string | null> = {
  telemetry_compactor: "TELEMETRY_COMPACT_MS",
  alert_evaluator: "ALERT_EVAL_MS",
  webhook_sender: "WEBHOOK_POLL_MS",
  checkpoint_publisher: "AUDIT_PUBLISH_POLL_MS",
  pruning: null,
  mrm_reminders: "MRM_REMINDER_MS",
};

/** A worker is alive while its last pass started within this many of its intervals. */
export const ALIVE_INTERVALS = 3;
/** A pass still running counts as alive this long at least (a compactor working off a backlog, a slow webhook). */
export const RUNNING_GRACE_MS = 5 * 60_000;

/**
 * alive: passes start on time (and the last one succeeded); failing: passes start on time but the last one threw;
 * stale: no pass started within 3 intervals; idle: deliberately not running here (the reason says why); not_started:
 * never started in this process; on_demand: runs when there is work (pruning), never judged stale.
 */
export type WorkerState = "alive" | "failing" | "stale" | "idle" | "not_started" | "on_demand";

type Entry = {
  intervalMs: number | null;
  startedAt: number | null;
  idleReason: string | null;
  lastStart: number | null;
  lastEnd: number | null;
  lastSuccess: number | null;
  lastError: { message: string; at: number } | null;
  runs: number;
  failures: number;
  running: boolean;
  lockedOut: boolean;
  lastFailed: boolean;
  lastOutcome: "worked" | "lock_held_elsewhere" | null;
};

const fresh = (): Entry => ({
  intervalMs: null,
  startedAt: null,
  idleReason: null,
  lastStart: null,
  lastEnd: null,
  lastSuccess: null,
  lastError: null,
  runs: 0,
  failures: 0,
  running: false,
  lockedOut: false,
  lastFailed: false,
  lastOutcome: null,
});

const G = globalThis as unknown as { __stewardWorkerHealth?: Map<WorkerName, Entry> };

function entry(name: WorkerName): Entry {
  G.__stewardWorkerHealth ??= new Map();
  let e = G.__stewardWorkerHealth.get(name);
  if (!e) {
    e = fresh();
    G.__stewardWorkerHealth.set(name, e);
  }
  return e;
}

/** Forget every heartbeat (tests). */
export function resetWorkerHealth(): void {
  G.__stewardWorkerHealth = new Map();
}

/** The worker's timer is set in this process, with this period. */
export function workerStarted(name: WorkerName, intervalMs: number, now = Date.now()): void {
  const e = entry(name);
  e.intervalMs = intervalMs;
  e.startedAt = now;
  e.idleReason = null;
}

/** The worker deliberately does not run in this process (e.g. no signing key): a fixed sentence, never a secret. */
export function workerIdle(name: WorkerName, reason: string): void {
  const e = entry(name);
  e.idleReason = reason;
  e.startedAt = null;
}

/** Inside a pass: another instance holds the worker's advisory lock, so this one skipped the work. */
export function lockHeldElsewhere(name: WorkerName): void {
  entry(name).lockedOut = true;
}

/** The SQLSTATE of a database error (five characters, no user text), if it is one. */
function sqlState(e: unknown): string | null {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : null;
}

/**
 * Run one pass of a worker, noting its start, end and outcome; the pass's result or error comes back unchanged. A pass
 * that throws is remembered as `failure` (a fixed sentence; default "The last pass failed") plus the SQLSTATE when the
 * database refused, and the time.
 */
export async function recordRun<T>(
  name: WorkerName,
  fn: () => Promise<T>,
  options: { failure?: string; clock?: () => number } = {},
): Promise<T> {
  const clock = options.clock ?? Date.now;
  const e = entry(name);
  e.lastStart = clock();
  e.running = true;
  e.lockedOut = false;
  e.runs += 1;
  try {
    const out = await fn();
    const at = clock();
    e.lastSuccess = at;
    e.lastFailed = false;
    e.lastOutcome = e.lockedOut ? "lock_held_elsewhere" : "worked";
    return out;
  } catch (err) {
    e.failures += 1;
    e.lastFailed = true;
    const state = sqlState(err);
    const sentence = options.failure ?? "The last pass failed";
    e.lastError = { message: `${sentence}${state ? ` (database error ${state})` : ""}; the server log has the details.`, at: clock() };
    throw err;
  } finally {
    e.running = false;
    e.lastEnd = clock();
  }
}

export type WorkerStatus = {
  name: WorkerName;
  label: string;
  state: WorkerState;
  /** Whether readiness counts it as working: alive, failing (its passes still start) or idle with a reason. */
  alive: boolean;
  /** Why: idle's reason, or what makes it stale or not started. */
  reason: string | null;
  intervalMs: number | null;
  running: boolean;
  lastStart: string | null;
  lastEnd: string | null;
  lastSuccess: string | null;
  lastError: { message: string; at: string } | null;
  runs: number;
  failures: number;
  /** Whether this instance did the work of its last pass, or found another instance holding the advisory lock. */
  lastOutcome: "worked" | "lock_held_elsewhere" | null;
};

const iso = (t: number | null) => (t == null ? null : new Date(t).toISOString());
const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/** One worker's heartbeat judged at `now`. */
export function workerStatus(name: WorkerName, now = Date.now()): WorkerStatus {
  const e = G.__stewardWorkerHealth?.get(name) ?? fresh();
  let state: WorkerState;
  let reason: string | null = null;
  if (e.idleReason) {
    state = "idle";
    reason = e.idleReason;
  } else if (name === "pruning") {
    state = e.lastFailed ? "failing" : "on_demand";
    reason = "Runs when there is work, at most once an hour per kind of row; the retention pass (time partitions) hourly.";
  } else if (e.startedAt == null || e.intervalMs == null) {
    state = "not_started";
    reason = "Not started in this process.";
  } else {
    const since = e.lastStart ?? e.startedAt;
    const limit = e.running ? Math.max(ALIVE_INTERVALS * e.intervalMs, RUNNING_GRACE_MS) : ALIVE_INTERVALS * e.intervalMs;
    if (now - since > limit) {
      state = "stale";
      reason = e.running
        ? `A pass has been running for ${seconds(now - since)}.`
        : `No pass started for ${seconds(now - since)}, more than ${ALIVE_INTERVALS} × its ${seconds(e.intervalMs)} interval.`;
    } else state = e.lastFailed ? "failing" : "alive";
  }
  return {
    name,
    label: WORKER_LABEL[name],
    state,
    alive: state === "alive" || state === "failing" || state === "idle" || state === "on_demand",
    reason,
    intervalMs: e.intervalMs,
    running: e.running,
    lastStart: iso(e.lastStart),
    lastEnd: iso(e.lastEnd),
    lastSuccess: iso(e.lastSuccess),
    lastError: e.lastError ? { message: e.lastError.message, at: new Date(e.lastError.at).toISOString() } : null,
    runs: e.runs,
    failures: e.failures,
    lastOutcome: e.lastOutcome,
  };
}

export function workerStatuses(now = Date.now()): WorkerStatus[] {
  return WORKERS.map((w) => workerStatus(w, now));
}
