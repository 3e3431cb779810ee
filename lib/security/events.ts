import "server-only";
import { sql } from "drizzle-orm";
import { rows } from "@/db/client";
import { securityEvents } from "@/db/schema";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/policy";
import { SECURITY_EVENT_KINDS, type SecurityEventKind, type SecuritySummaryView } from "./schemas";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const RECENT = 20;

const utcDay = (t: number) => new Date(t).toISOString().slice(0, 10);

/**
 * The security audit SLI (issue 7): refused sign-ins, refused tokens and permission denials from the security log,
 * per kind over the last 24 hours and 7 days, per UTC day over the week, and the most recent events. A row counts as
 * many events as its `count` (refused sign-ins and tokens are one row per address, minute and reason).
 * Compliance and admins.
 */
export async function securitySummary(actor: Actor, now: Date = new Date()): Promise<SecuritySummaryView> {
  authorize(actor, "security.read");
  const end = now.getTime();
  const weekAgo = new Date(end - 7 * DAY);
  const dayAgo = new Date(end - DAY);
  const firstDay = utcDay(end - 6 * DAY);
  const inWindow = sql`${securityEvents.at} > ${weekAgo.toISOString()}::timestamptz and ${securityEvents.at} <= ${now.toISOString()}::timestamptz`;

  const counted = await rows<{ kind: SecurityEventKind; day: number; week: number }>(sql`
    select ${securityEvents.kind} as kind,
           (coalesce(sum(${securityEvents.count}) filter (where ${securityEvents.at} > ${dayAgo.toISOString()}::timestamptz), 0))::int as day,
           sum(${securityEvents.count})::int as week
      from ${securityEvents}
     where ${inWindow}
     group by 1`);
  const byDay = await rows<{ day: string; kind: SecurityEventKind; n: number }>(sql`
    select to_char(${securityEvents.at} at time zone 'UTC', 'YYYY-MM-DD') as day, ${securityEvents.kind} as kind, sum(${securityEvents.count})::int as n
      from ${securityEvents}
     where ${inWindow} and ${securityEvents.at} >= ${`${firstDay}T00:00:00Z`}::timestamptz
     group by 1, 2`);
  const recent = await rows<{
    id: number;
    at: string;
    kind: SecurityEventKind;
    email: string | null;
    token: string | null;
    method: string | null;
    path: string | null;
    reason: string;
    request_id: string;
    address: string | null;
    count: number;
    last_at: string | null;
  }>(sql`
    select id, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at, kind, email, token, method, path, reason, request_id,
           address, count, to_char(last_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as last_at
      from ${securityEvents}
     where ${inWindow}
     order by coalesce(${securityEvents.lastAt}, ${securityEvents.at}) desc, ${securityEvents.id} desc
     limit ${RECENT}`);

  const counts = Object.fromEntries(SECURITY_EVENT_KINDS.map((k) => [k, { last24h: 0, last7d: 0 }])) as SecuritySummaryView["counts"];
  for (const r of counted) counts[r.kind] = { last24h: Number(r.day), last7d: Number(r.week) };
  const daily = Array.from({ length: 7 }, (_, i) => {
    const day = utcDay(end - (6 - i) * DAY);
    const of = (k: SecurityEventKind) => Number(byDay.find((r) => r.day === day && r.kind === k)?.n ?? 0);
    return { day, sign_in_refused: of("sign_in_refused"), token_refused: of("token_refused"), permission_denied: of("permission_denied") };
  });
  return {
    generatedAt: now.toISOString(),
    counts,
    daily,
    recent: recent.map((r) => ({
      id: Number(r.id),
      at: r.at,
      kind: r.kind,
      email: r.email,
      token: r.token,
      method: r.method,
      path: r.path,
      reason: r.reason,
      requestId: r.request_id,
      address: r.address,
      count: Number(r.count),
      lastAt: r.last_at,
    })),
  };
}
