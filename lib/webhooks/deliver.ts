import "server-only";
import { createHmac } from "node:crypto";
import type { LookupAddress } from "node:dns";
import { request as httpRequest, type RequestOptions } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { and, asc, eq, gte, inArray, lt, lte, type SQL, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { webhookDeliveries, webhooks } from "@/db/schema";
import { recordRun, workerStarted } from "../health/workers";
import { log } from "../log";
import { workerRan } from "../metrics/portal";
import { bareHost, RefusedAddress, type Resolved, resolveChecked } from "./address";

/** Attempts before a delivery is given up as failed. */
export const MAX_ATTEMPTS = 6;
/** The wait after failed attempt n (1-based): 5 s, 30 s, 2 min, 10 min, 1 h; the sixth failure is final. */
export const BACKOFF_MS = [5_000, 30_000, 120_000, 600_000, 3_600_000];
export const TIMEOUT_MS = 5_000;
// A claimed delivery is not due again before this, so no other instance sends it meanwhile; far above TIMEOUT_MS.
const LEASE_MS = 60_000;
const BATCH = 20;

/** The X-Steward-Signature value: HMAC-SHA256 of the exact body bytes, keyed with the webhook's secret (as UTF-8). */
export function signature(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;
}

const later = (ms: number): SQL => sql`now() + ${sql.raw(`interval '${Math.round(ms)} milliseconds'`)}`;

type Claimed = typeof webhookDeliveries.$inferSelect & { url: string; secret: string; active: boolean };
type Outcome = { ok: boolean; statusCode: number | null; error: string | null; final?: boolean };

/**
 * Take up to BATCH due deliveries in one short transaction: lock them (skipping rows another instance holds),
 * count the attempt and push next_attempt_at past the lease. The HTTP requests happen after it commits.
 */
async function claim(): Promise<Claimed[]> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const d = webhookDeliveries;
    // An attempt that never reported back (the process stopped mid-request) and may not be retried.
    await tx
      .update(d)
      .set({
        status: "failed",
        lastError: sql`coalesce(${d.lastError}, 'The last attempt was interrupted before its answer was recorded.')`,
      })
      .where(and(eq(d.status, "pending"), gte(d.attempts, MAX_ATTEMPTS), lte(d.nextAttemptAt, sql`now()`)));
    const due = await tx
      .select({ id: d.id })
      .from(d)
      .where(and(eq(d.status, "pending"), lt(d.attempts, MAX_ATTEMPTS), lte(d.nextAttemptAt, sql`now()`)))
      .orderBy(asc(d.nextAttemptAt), asc(d.id))
      .limit(BATCH)
      .for("update", { skipLocked: true });
    if (due.length === 0) return [];
    const claimed = await tx
      .update(d)
      .set({ attempts: sql`${d.attempts} + 1`, nextAttemptAt: later(LEASE_MS) })
      .where(
        inArray(
          d.id,
          due.map((r) => r.id),
        ),
      )
      .returning();
    const hooks = await tx
      .select({ id: webhooks.id, url: webhooks.url, secret: webhooks.secret, active: webhooks.active })
      .from(webhooks)
      .where(inArray(webhooks.id, [...new Set(claimed.map((r) => r.webhookId))]));
    const byId = new Map(hooks.map((h) => [h.id, h]));
    return claimed.flatMap((r) => {
      const h = byId.get(r.webhookId);
      return h ? [{ ...r, url: h.url, secret: h.secret, active: h.active }] : [];
    });
  });
}

/** What lastError says of an answer other than 2xx: the status and a fixed reason, never the receiver's words. */
export function answerError(status: number): string {
  if (status >= 300 && status < 400) return `HTTP ${status}: a redirect, which is not followed.`;
  if (status >= 400 && status < 500) return `HTTP ${status}: the receiver refused the delivery.`;
  if (status >= 500 && status < 600) return `HTTP ${status}: the receiver failed to take the delivery.`;
  return `HTTP ${status}: not a success status.`;
}

// Error codes are Node's own (ECONNREFUSED, CERT_HAS_EXPIRED, ...); anything else is not repeated.
const CODE = /^[A-Z][A-Z0-9_]{1,60}$/;

function explain(e: unknown): string {
  if (e instanceof RefusedAddress)
    return `Refused: the host is or resolves to ${e.address}, ${e.kind}; webhooks reach public addresses only (WEBHOOK_ALLOW_PRIVATE=1 allows others).`;
  const err = e as { name?: string; code?: unknown; cause?: { code?: unknown } };
  if (err?.name === "TimeoutError" || err?.name === "AbortError") return `No answer within ${TIMEOUT_MS / 1000} s.`;
  const code = typeof err?.code === "string" ? err.code : typeof err?.cause?.code === "string" ? err.cause.code : "";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return `Could not resolve the host: ${code}`;
  return CODE.test(code) ? `Could not connect: ${code}` : "Could not connect.";
}

/**
 * POST `body` to `url`, connecting to `target` (an address already checked) whatever a new lookup of the name would
 * say now; the Host header and TLS server name stay the URL's. Resolves with the answer's status; its body is not read.
 * Redirects are not followed: a 3xx is an answer like any other.
 */
export function postTo(url: URL, target: Resolved, headers: Record<string, string>, body: string, signal: AbortSignal): Promise<number> {
  const host = bareHost(url.hostname);
  const pinned: LookupFunction = (_name, options, callback) => {
    if (options?.all) (callback as (e: null, a: LookupAddress[]) => void)(null, [{ address: target.address, family: target.family }]);
    else (callback as (e: null, a: string, f: number) => void)(null, target.address, target.family);
  };
  const bytes = Buffer.from(body, "utf8");
  const options: RequestOptions = {
    method: "POST",
    hostname: host,
    port: url.port || undefined,
    path: `${url.pathname}${url.search}`,
    headers: { ...headers, "Content-Length": String(bytes.byteLength) },
    agent: false,
    lookup: pinned,
    signal,
  };
  return new Promise<number>((resolve, reject) => {
    const req = url.protocol === "https:" ? httpsRequest({ ...options, servername: isIP(host) ? undefined : host }) : httpRequest(options);
    req.on("response", (res) => {
      resolve(res.statusCode ?? 0);
      res.destroy();
    });
    req.on("error", reject);
    req.end(bytes);
  });
}

/** POST one delivery. Never throws: every failure becomes an Outcome. */
async function send(d: Claimed): Promise<Outcome> {
  if (!d.active) return { ok: false, statusCode: null, error: "The webhook was deactivated before this was sent.", final: true };
  const body = JSON.stringify({ id: d.eventId, event: d.event, createdAt: d.createdAt.toISOString(), data: d.payload });
  let url: URL;
  try {
    url = new URL(d.url);
  } catch {
    url = new URL("invalid:");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return { ok: false, statusCode: null, error: "Refused: only http:// and https:// URLs are delivered.", final: true };
  const signal = AbortSignal.timeout(TIMEOUT_MS);
  try {
    // Resolve and check again now, not only when saved: what the name points at may have changed since.
    const target = await resolveChecked(url.hostname, signal);
    const status = await postTo(
      url,
      target,
      {
        "Content-Type": "application/json",
        "User-Agent": "Steward-Webhooks/1",
        "X-Steward-Event": d.event,
        "X-Steward-Delivery": d.eventId,
        "X-Steward-Timestamp": String(Math.floor(Date.now() / 1000)),
        "X-Steward-Signature": signature(d.secret, body),
      },
      body,
      signal,
    );
    if (status >= 200 && status < 300) return { ok: true, statusCode: status, error: null };
    return { ok: false, statusCode: status, error: answerError(status) };
  } catch (e) {
    return { ok: false, statusCode: null, error: explain(e) };
  }
}

async function record(d: Claimed, out: Outcome): Promise<void> {
  const db = await getDb();
  const t = webhookDeliveries;
  const final = out.final || d.attempts >= MAX_ATTEMPTS;
  const set = out.ok
    ? { status: "delivered" as const, deliveredAt: new Date(), lastStatusCode: out.statusCode, lastError: null }
    : final
      ? { status: "failed" as const, lastStatusCode: out.statusCode, lastError: out.error }
      : {
          lastStatusCode: out.statusCode,
          lastError: out.error,
          nextAttemptAt: later(BACKOFF_MS[Math.min(d.attempts, BACKOFF_MS.length) - 1]),
        };
  // Only while the claim is still ours: same attempt, still pending.
  await db
    .update(t)
    .set(set)
    .where(and(eq(t.id, d.id), eq(t.status, "pending"), eq(t.attempts, d.attempts)));
  const fields = { webhookId: d.webhookId, eventId: d.eventId, event: d.event, attempt: d.attempts, statusCode: out.statusCode };
  if (out.ok) log("info", "webhook delivered", fields);
  else
    log(final ? "warn" : "info", final ? "webhook delivery failed" : "webhook delivery will be retried", { ...fields, error: out.error });
}

/** One pass: claim what is due, send it, record each answer. Returns how many deliveries were attempted. */
export async function deliverDue(): Promise<number> {
  const claimed = await claim();
  const results = await Promise.allSettled(claimed.map(async (d) => record(d, await send(d))));
  for (const r of results) if (r.status === "rejected") log("error", "webhook delivery result not recorded", { error: String(r.reason) });
  return claimed.length;
}

// ---- the worker: one per process, its state on globalThis (instrumentation and route handlers are bundled apart) ----

type WorkerState = { started: boolean; running: boolean; again: boolean; timer: NodeJS.Timeout | null; kick: (() => void) | null };
const G = globalThis as unknown as { __stewardWebhooks?: WorkerState };

/**
 * Deliver due webhooks every WEBHOOK_POLL_MS (default 1000) and whenever nudged. Idempotent. Only the server's start-up
 * (lib/startup.ts) starts it, so store tests decide when deliveries go out (deliverDue()).
 */
export function startWebhookWorker(options: { pollMs?: number } = {}): void {
  G.__stewardWebhooks ??= { started: false, running: false, again: false, timer: null, kick: null };
  const s = G.__stewardWebhooks;
  if (s.started) return;
  s.started = true;
  const pollMs = options.pollMs ?? (Number(process.env.WEBHOOK_POLL_MS) || 1000);
  workerStarted("webhook_sender", pollMs);

  const schedule = (ms: number) => {
    if (!s.started) return;
    if (s.timer) clearTimeout(s.timer);
    s.timer = setTimeout(run, ms);
    s.timer.unref?.();
  };
  async function run() {
    s.timer = null;
    if (s.running) {
      s.again = true;
      return;
    }
    s.running = true;
    s.again = false;
    try {
      await recordRun(
        "webhook_sender",
        async () => {
          while (s.started && (await deliverDue()) >= BATCH) {}
        },
        { failure: "The last delivery pass failed" },
      );
      workerRan("webhook_sender");
    } catch (e) {
      log("warn", "webhook delivery pass failed", { error: e instanceof Error ? e.message : String(e) });
    } finally {
      s.running = false;
      schedule(s.again ? 0 : pollMs);
    }
  }
  s.kick = () => {
    if (s.running) s.again = true;
    else schedule(0);
  };
  schedule(0);
}

export function stopWebhookWorker(): void {
  const s = G.__stewardWebhooks;
  if (!s) return;
  s.started = false;
  s.kick = null;
  if (s.timer) clearTimeout(s.timer);
  s.timer = null;
}

/** Send what is due now rather than at the next poll; call after the transaction that queued events commits. */
export function nudgeWebhooks(): void {
  G.__stewardWebhooks?.kick?.();
}
