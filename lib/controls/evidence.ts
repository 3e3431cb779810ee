import "server-only";
import { sql } from "drizzle-orm";
import { rows } from "@/db/client";
import { hasContent } from "../cards/content";
import { coverageOf } from "../coverage/modes";
import { coverageInputs } from "../coverage/read";
import { modelNodeId } from "../lineage/ids";
import { MRM_LOOKUPS } from "./evidence-mrm";
import type { EvidenceLookup, Target } from "./evidence-types";
import { CARD_SECTION_KEYS, type EvidenceItem, type EvidenceRef } from "./types";

/** The freshness rules, one per kind that ages (README "Controls and frameworks"). */
export const FRESHNESS = {
  /** A card's latest revision must be this recent. */
  cardDays: 365,
  /** The shown version's latest bias audit and latest evaluation must be this recent. */
  biasAuditDays: 365,
  evaluationDays: 365,
  /** A signed checkpoint of the audit trail must have been published this recently. */
  checkpointDays: 7,
  /** Monitoring coverage counts when at most this many of the eight failure modes are blind (the release check's default). */
  maxBlindModes: 2,
} as const;

const DAY = 86_400_000;
const intArray = (ids: number[]) => `{${ids.map((v) => Math.trunc(Number(v))).join(",")}}`;
const iso = (d: string | Date) => new Date(d).toISOString();
const day = (d: string | Date) => iso(d).slice(0, 10);
const ageDays = (d: string | Date, now: Date) => Math.floor((now.getTime() - new Date(d).getTime()) / DAY);
const versionHref = (t: Target) => `/models/${encodeURIComponent(t.model)}/versions/${encodeURIComponent(t.version)}`;
const item = (
  ref: EvidenceRef,
  status: EvidenceItem["status"],
  reason: string,
  href: string | null,
  at: string | null = null,
): EvidenceItem => ({
  ref,
  status,
  reason,
  href,
  at,
});
const push = (m: Map<number, EvidenceItem[]>, id: number, it: EvidenceItem) => {
  const list = m.get(id);
  if (list) list.push(it);
  else m.set(id, [it]);
};

/** The latest card revision of each shown version: the card, and each of its nine sections. */
const cardLookup: EvidenceLookup = async (targets, now) => {
  const ids = intArray(targets.map((t) => t.versionId));
  const latest = await rows<{ version_id: number; revision: number; content: Record<string, unknown>; created_at: string | Date }>(sql`
    select distinct on (version_id) version_id, revision, content, created_at from card_revisions
    where version_id = any(${ids}::int[]) order by version_id, revision desc`);
  const byVersion = new Map(latest.map((r) => [Number(r.version_id), r]));
  const out = new Map<number, EvidenceItem[]>();
  for (const t of targets) {
    const r = byVersion.get(t.versionId);
    const href = `${versionHref(t)}#card`;
    if (!r) {
      push(out, t.versionId, item("card", "missing", `Version ${t.version} has no card.`, href));
      for (const k of CARD_SECTION_KEYS) push(out, t.versionId, item(`card.${k}`, "missing", `Version ${t.version} has no card.`, href));
      continue;
    }
    const age = ageDays(r.created_at, now);
    const fresh = age <= FRESHNESS.cardDays;
    const when = `revision ${r.revision} of ${day(r.created_at)}`;
    const old = `${when} is ${age} days old (more than ${FRESHNESS.cardDays})`;
    push(out, t.versionId, item("card", fresh ? "found" : "stale", fresh ? `Card ${when}.` : `Card ${old}.`, href, iso(r.created_at)));
    for (const k of CARD_SECTION_KEYS) {
      const filled = hasContent((r.content ?? {})[k]);
      push(
        out,
        t.versionId,
        !filled
          ? item(`card.${k}`, "missing", `The card's ${k} section is empty in ${when}.`, href, iso(r.created_at))
          : item(
              `card.${k}`,
              fresh ? "found" : "stale",
              fresh ? `Section ${k}, ${when}.` : `Section ${k}: ${old}.`,
              href,
              iso(r.created_at),
            ),
      );
    }
  }
  return out;
};

/**
 * Per model, the latest record of the shown version and the latest of any other version (a bias audit or an
 * evaluation): one of the shown version counts, recent enough; one of another version only shows it is stale.
 */
async function latestPerModel(table: "bias_audits" | "evaluations", targets: readonly Target[]) {
  const ids = intArray(targets.map((t) => t.versionId));
  const modelIds = intArray([...new Set(targets.map((t) => t.modelId))]);
  const passed = table === "bias_audits" ? sql`a.passed` : sql`true`;
  return rows<{
    id: string;
    model_id: number;
    version_id: number;
    version: string;
    own: boolean;
    passed: boolean;
    created_at: string | Date;
  }>(sql`
    select distinct on (v.model_id, own) a.id::text as id, v.model_id, a.version_id, v.version,
      (a.version_id = any(${ids}::int[])) as own, ${passed} as passed, a.created_at
    from ${sql.raw(table)} a join model_versions v on v.id = a.version_id
    where v.model_id = any(${modelIds}::int[])
    order by v.model_id, own, a.created_at desc`);
}

function judgeLatest(
  kind: "bias_audit" | "evaluation",
  maxDays: number,
  list: Awaited<ReturnType<typeof latestPerModel>>,
  targets: readonly Target[],
  now: Date,
) {
  const out = new Map<number, EvidenceItem[]>();
  const what = kind === "bias_audit" ? "bias audit" : "evaluation";
  const hrefOf = (r: { id: string; model_id: number; version: string }, t: Target) =>
    kind === "bias_audit"
      ? `/audits/${r.id}`
      : `/models/${encodeURIComponent(t.model)}/versions/${encodeURIComponent(r.version)}#evaluations`;
  for (const t of targets) {
    const own = list.find((r) => Number(r.model_id) === t.modelId && r.own && Number(r.version_id) === t.versionId);
    const other = list.find((r) => Number(r.model_id) === t.modelId && !r.own);
    let it: EvidenceItem;
    if (own && !own.passed)
      it = item(
        kind,
        "missing",
        `The latest ${what} of ${t.version} (${day(own.created_at)}) failed.`,
        hrefOf(own, t),
        iso(own.created_at),
      );
    else if (own) {
      const age = ageDays(own.created_at, now);
      it =
        age <= maxDays
          ? item(
              kind,
              "found",
              `${kind === "bias_audit" ? "A passing bias audit" : "An evaluation"} of ${t.version} on ${day(own.created_at)}.`,
              hrefOf(own, t),
              iso(own.created_at),
            )
          : item(
              kind,
              "stale",
              `The latest ${what} of ${t.version} is ${age} days old (more than ${maxDays}).`,
              hrefOf(own, t),
              iso(own.created_at),
            );
    } else if (other)
      it = item(
        kind,
        "stale",
        `No ${what} of ${t.version}; the latest is of version ${other.version}.`,
        hrefOf(other, t),
        iso(other.created_at),
      );
    else it = item(kind, "missing", `No ${what} of ${t.version}.`, `${versionHref(t)}`);
    push(out, t.versionId, it);
  }
  return out;
}

const biasAuditLookup: EvidenceLookup = async (targets, now) =>
  judgeLatest("bias_audit", FRESHNESS.biasAuditDays, await latestPerModel("bias_audits", targets), targets, now);
const evaluationLookup: EvidenceLookup = async (targets, now) =>
  judgeLatest("evaluation", FRESHNESS.evaluationDays, await latestPerModel("evaluations", targets), targets, now);

/** Lineage, data quality and monitoring coverage, from the failure-mode coverage's set-wise read (lib/coverage). */
const coverageLookup: EvidenceLookup = async (targets, now) => {
  const inputs = await coverageInputs(
    targets.map((t) => ({
      id: t.versionId,
      model_id: t.modelId,
      model: t.model,
      version: t.version,
      stage: t.stage,
      runbook_url: t.runbookUrl,
    })),
    now,
  );
  const out = new Map<number, EvidenceItem[]>();
  targets.forEach((t, i) => {
    const c = inputs[i];
    const lineageHref = `/lineage?node=${encodeURIComponent(modelNodeId(t.model, t.version))}`;
    push(
      out,
      t.versionId,
      c.upstreamDatasets > 0
        ? item("lineage", "found", `${c.upstreamDatasets} upstream dataset${c.upstreamDatasets === 1 ? "" : "s"} in lineage.`, lineageHref)
        : item("lineage", "missing", `No training inputs of ${t.version} in lineage.`, lineageHref),
    );
    push(
      out,
      t.versionId,
      c.failingUpstream.length > 0
        ? item("data_quality", "missing", `Failing validation upstream: ${c.failingUpstream.map((f) => f.name).join(", ")}.`, lineageHref)
        : c.validatedUpstream > 0
          ? item(
              "data_quality",
              "found",
              `${c.validatedUpstream} of ${c.upstreamDatasets} upstream datasets validated in the last 30 days, none failing.`,
              lineageHref,
            )
          : item("data_quality", "missing", "No validation result of an upstream dataset in the last 30 days.", lineageHref),
    );
    const blind = coverageOf(c).blind;
    push(
      out,
      t.versionId,
      item(
        "monitoring_coverage",
        blind.length <= FRESHNESS.maxBlindModes ? "found" : "missing",
        `${blind.length} of 8 failure modes blind${blind.length ? ` (${blind.join(", ")})` : ""}; at most ${FRESHNESS.maxBlindModes} allowed.`,
        `/models/${encodeURIComponent(t.model)}#coverage`,
      ),
    );
  });
  return out;
};

/** SLOs: an active SLO on the model. */
const sloLookup: EvidenceLookup = async (targets) => {
  const modelIds = intArray([...new Set(targets.map((t) => t.modelId))]);
  const list = await rows<{ model_id: number; n: number; since: string | Date }>(sql`
    select model_id, count(*)::int as n, min(created_at) as since from slos
    where active and model_id = any(${modelIds}::int[]) group by model_id`);
  const by = new Map(list.map((r) => [Number(r.model_id), r]));
  const out = new Map<number, EvidenceItem[]>();
  for (const t of targets) {
    const r = by.get(t.modelId);
    const href = `/dashboards/on-call?model=${encodeURIComponent(t.model)}`;
    push(
      out,
      t.versionId,
      r
        ? item("slo", "found", `${r.n} active SLO${Number(r.n) === 1 ? "" : "s"}.`, href, iso(r.since))
        : item("slo", "missing", "No active SLO.", href),
    );
  }
  return out;
};

/** Approval: a release of the shown version approved by two different people in its deciding round. */
const approvalLookup: EvidenceLookup = async (targets) => {
  const ids = intArray(targets.map((t) => t.versionId));
  const list = await rows<{ version_id: number; id: string; decided_at: string | Date | null; approvers: number }>(sql`
    select distinct on (r.version_id) r.version_id, r.id::text as id, r.decided_at,
      (select count(distinct d.reviewer)::int from release_decisions d
        where d.release_id = r.id and d.round = r.round and d.decision = 'approve') as approvers
    from releases r
    where r.version_id = any(${ids}::int[]) and r.status = 'approved' and r.kind = 'release'
    order by r.version_id,
      (select count(distinct d.reviewer) from release_decisions d where d.release_id = r.id and d.round = r.round and d.decision = 'approve') >= 2 desc,
      r.decided_at desc nulls last`);
  const by = new Map(list.map((r) => [Number(r.version_id), r]));
  const out = new Map<number, EvidenceItem[]>();
  for (const t of targets) {
    const r = by.get(t.versionId);
    const at = r?.decided_at ? iso(r.decided_at) : null;
    push(
      out,
      t.versionId,
      !r
        ? item("approval", "missing", `No approved release of ${t.version}.`, `/releases?model=${encodeURIComponent(t.model)}`)
        : Number(r.approvers) >= 2
          ? item("approval", "found", `Release approved by ${r.approvers} independent reviewers.`, `/releases/${r.id}`, at)
          : item(
              "approval",
              "missing",
              `The approved release of ${t.version} had ${r.approvers} approval; two are needed.`,
              `/releases/${r.id}`,
              at,
            ),
    );
  }
  return out;
};

/** The verified trail: a signed checkpoint published recently (the same for every model). */
const auditTrailLookup: EvidenceLookup = async (targets, now) => {
  const [cp] = await rows<{ size: number; published_at: string | Date }>(
    sql`select size, published_at from audit_checkpoints order by size desc limit 1`,
  );
  const out = new Map<number, EvidenceItem[]>();
  for (const t of targets) {
    const age = cp ? ageDays(cp.published_at, now) : 0;
    push(
      out,
      t.versionId,
      !cp
        ? item("audit_trail", "missing", "No signed checkpoint of the audit trail has been published.", "/audit")
        : age <= FRESHNESS.checkpointDays
          ? item(
              "audit_trail",
              "found",
              `Checkpoint of ${cp.size} entries published ${day(cp.published_at)}.`,
              "/audit",
              iso(cp.published_at),
            )
          : item(
              "audit_trail",
              "stale",
              `The last checkpoint was published ${age} days ago (more than ${FRESHNESS.checkpointDays}).`,
              "/audit",
              iso(cp.published_at),
            ),
    );
  }
  return out;
};

const LOOKUPS: readonly EvidenceLookup[] = [
  cardLookup,
  biasAuditLookup,
  evaluationLookup,
  coverageLookup,
  sloLookup,
  approvalLookup,
  auditTrailLookup,
  ...MRM_LOOKUPS,
];

/** Every evidence item of every target, by version id and ref: one query (or one coverage read) per kind, whatever the portfolio. */
export async function gatherEvidence(targets: readonly Target[], now = new Date()): Promise<Map<number, Map<EvidenceRef, EvidenceItem>>> {
  const out = new Map<number, Map<EvidenceRef, EvidenceItem>>(targets.map((t) => [t.versionId, new Map()]));
  if (targets.length === 0) return out;
  for (const lookup of LOOKUPS) {
    const got = await lookup(targets, now);
    for (const [versionId, items] of got) for (const it of items) out.get(versionId)?.set(it.ref, it);
  }
  return out;
}
