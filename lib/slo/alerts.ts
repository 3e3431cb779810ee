import "server-only";
import { sql } from "drizzle-orm";
import { rows, transact } from "@/db/client";
import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/policy";
import { badRequest, notFound } from "../errors";
import { iso } from "../time";
import type { AlertView } from "./schemas";

type AlertRow = {
  id: string;
  kind: string;
  model: string;
  version: string | null;
  severity: "page" | "ticket";
  state: "firing" | "resolved";
  title: string;
  slo_id: string | null;
  details: Record<string, unknown>;
  fired_at: string | Date;
  resolved_at: string | Date | null;
  silenced: boolean;
  runbook_url: string | null;
};

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);

function alertView(r: AlertRow): AlertView {
  return {
    id: r.id,
    kind: r.kind,
    model: r.model,
    version: r.version,
    severity: r.severity,
    state: r.state,
    title: r.title,
    sloId: r.slo_id,
    burnRate: num(r.details.burnRate),
    budgetRemaining: num(r.details.budgetRemaining),
    details: r.details,
    firedAt: iso(r.fired_at),
    resolvedAt: r.resolved_at ? iso(r.resolved_at) : null,
    silenced: r.silenced,
    runbookUrl: r.runbook_url,
  };
}

export type AlertsQuery = { state?: "firing" | "resolved"; severity?: "page" | "ticket"; model?: string; limit: number; cursor?: string };

/** GET /api/v1/alerts: firing first (pages before tickets), then newest; keyset paging on (state, severity, firedAt, id). */
export async function listAlerts(
  actor: Actor,
  q: AlertsQuery,
  now = new Date(),
): Promise<{ items: AlertView[]; nextCursor: string | null }> {
  authorize(actor, "inventory.read");
  let after: { rank: number; firedAt: string; id: string } | null = null;
  if (q.cursor) {
    try {
      after = JSON.parse(Buffer.from(q.cursor, "base64url").toString("utf8"));
    } catch {
      throw badRequest("The cursor is not one this list gave out.", [{ path: "cursor", message: "is not valid" }]);
    }
  }
  const rank = sql`(case when a.state = 'firing' then 0 else 2 end + case when a.severity = 'page' then 0 else 1 end)`;
  const list = await rows<AlertRow & { rank: number }>(sql`
    select a.id, a.kind, m.name as model, v.version, a.severity, a.state, a.title, a.slo_id, a.details, a.fired_at, a.resolved_at,
      m.runbook_url, ${rank} as rank,
      exists (select 1 from silences s where s.model_id = a.model_id and s.ends_at > ${now.toISOString()}::timestamptz
        and (s.version_id is null or s.version_id = a.version_id)) as silenced
    from alerts a join models m on m.id = a.model_id left join model_versions v on v.id = a.version_id
    where true
      ${q.state ? sql`and a.state = ${q.state}` : sql``}
      ${q.severity ? sql`and a.severity = ${q.severity}` : sql``}
      ${q.model ? sql`and m.name = ${q.model}` : sql``}
      ${after ? sql`and (${rank}, -extract(epoch from a.fired_at), a.id::text) > (${after.rank}, -extract(epoch from ${after.firedAt}::timestamptz), ${after.id})` : sql``}
    order by ${rank}, a.fired_at desc, a.id::text
    limit ${q.limit + 1}`);
  const page = list.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(alertView),
    nextCursor:
      list.length > q.limit && last
        ? Buffer.from(JSON.stringify({ rank: last.rank, firedAt: iso(last.fired_at), id: last.id })).toString("base64url")
        : null,
  };
}

export type SilenceInput = { model: string; version?: string; endsAt: string; reason: string };
type SilenceRow = {
  id: string;
  model: string;
  version: string | null;
  ends_at: string | Date;
  reason: string;
  created_by: string;
  created_at: string | Date;
};
const silenceView = (s: SilenceRow, now: Date) => ({
  id: s.id,
  model: s.model,
  version: s.version,
  endsAt: iso(s.ends_at),
  reason: s.reason,
  createdBy: s.created_by,
  createdAt: iso(s.created_at),
  active: new Date(s.ends_at) > now,
});

/** POST /api/v1/silences (reviewer, admin): notifications for the model (or one version) held until endsAt. */
export async function createSilence(actor: Actor, input: SilenceInput, now = new Date()) {
  authorize(actor, "silences.manage");
  const endsAt = new Date(input.endsAt);
  if (endsAt <= now) throw badRequest("A silence must end in the future.", [{ path: "endsAt", message: "is not in the future" }]);
  if (endsAt.getTime() - now.getTime() > 30 * 86_400_000)
    throw badRequest("A silence lasts at most 30 days.", [{ path: "endsAt", message: "is more than 30 days away" }]);
  return transact(async (tx) => {
    const [m] = await rows<{ id: number }>(sql`select id from models where name = ${input.model}`, tx);
    if (!m) throw notFound(`The model ${input.model}`);
    let versionId: number | null = null;
    if (input.version) {
      const [v] = await rows<{ id: number }>(
        sql`select id from model_versions where model_id = ${m.id} and version = ${input.version}`,
        tx,
      );
      if (!v) throw notFound(`Version ${input.version} of the model ${input.model}`);
      versionId = v.id;
    }
    const [s] = await rows<SilenceRow>(
      sql`insert into silences (model_id, version_id, ends_at, reason, created_by) values (${m.id}, ${versionId}, ${endsAt.toISOString()}::timestamptz, ${input.reason}, ${actor.email})
        returning id, ${input.model} as model, ${input.version ?? null}::text as version, ends_at, reason, created_by, created_at`,
      tx,
    );
    const view = silenceView(s, now);
    await appendAudit(tx, actor, "silence.created", { type: "silence", id: s.id }, null, view);
    return view;
  });
}

export async function listSilences(actor: Actor, q: { model?: string; active?: boolean }, now = new Date()) {
  authorize(actor, "inventory.read");
  const list = await rows<SilenceRow>(sql`
    select s.id, m.name as model, v.version, s.ends_at, s.reason, s.created_by, s.created_at
    from silences s join models m on m.id = s.model_id left join model_versions v on v.id = s.version_id
    where true ${q.model ? sql`and m.name = ${q.model}` : sql``} ${q.active ? sql`and s.ends_at > ${now.toISOString()}::timestamptz` : sql``}
    order by s.ends_at desc, s.id limit 200`);
  return { items: list.map((s) => silenceView(s, now)) };
}
