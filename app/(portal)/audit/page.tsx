import type { Metadata } from "next";
import Link from "next/link";
import { AuditTable } from "@/components/audit/audit-table";
import { AuditFilterForm, FILTER_KEYS, type FilterValues, normaliseTime } from "@/components/audit/filter-form";
import { SignedCheckpoint } from "@/components/audit/signed-checkpoint";
import { VerifyBanner } from "@/components/audit/verify-banner";
import { Witnesses } from "@/components/audit/witnesses";
import { SecuritySection } from "@/components/security/security-section";
import { EmptyState, PageHeader, secondaryButtonClass } from "@/components/ui/page";
import { RoleRequired } from "@/components/ui/role-required";
import { readCheckpointKey } from "@/lib/audit/checkpoint";
import { auditFilter } from "@/lib/audit/export";
import { publishedState } from "@/lib/audit/publish";
import { listAudit, verifyAudit } from "@/lib/audit/read";
import { AuditQuery } from "@/lib/audit/schemas";
import { readSigningKey } from "@/lib/audit/signing";
import { checkpointVerifierKey, signedCheckpoint } from "@/lib/audit/transparency";
import { requirePageActor } from "@/lib/auth/page";
import { can } from "@/lib/auth/policy";
import { securitySummary } from "@/lib/security/events";
import { recordPageRefusal } from "@/lib/security/record";

export const metadata: Metadata = { title: "Audit trail" };
export const dynamic = "force-dynamic";

const PAGE = 50;
type SP = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

const LABELS: Record<string, string> = {
  model: "model",
  release: "release",
  action: "action",
  entityType: "entity type",
  entityId: "entity id",
  actor: "actor",
  from: "from",
  to: "to",
};

/**
 * The filter from the address: as typed (for the form), and as the API reads it (times normalised),
 * with empty fields dropped and fields the API would refuse set aside and named.
 */
function readFilter(raw: SP): { typed: FilterValues; values: FilterValues; invalid: string[] } {
  const typed: FilterValues = {};
  const values: FilterValues = {};
  for (const k of FILTER_KEYS) {
    const v = one(raw[k])?.trim();
    if (!v) continue;
    typed[k] = v;
    values[k] = k === "from" || k === "to" ? normaliseTime(k, v) : v;
  }
  const r = AuditQuery.safeParse(values);
  const invalid = r.success ? [] : [...new Set(r.error.issues.map((i) => String(i.path[0])))];
  for (const k of invalid) delete values[k as keyof FilterValues];
  return { typed, values, invalid: invalid.map((k) => LABELS[k] ?? k) };
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<SP> }) {
  const actor = await requirePageActor();
  if (!can(actor, "audit.read"))
    return (
      <>
        <PageHeader title="Audit trail" />
        {await recordPageRefusal(actor, "/audit", "needs audit.read")}
        <RoleRequired
          roles={["compliance", "admin"]}
          what="The audit trail records every change made in Steward; reading and exporting it is for compliance and admins."
        />
      </>
    );

  const raw = await searchParams;
  const { typed, values, invalid } = readFilter(raw);
  const filtered = Object.keys(values).length > 0;
  const typedValid = Object.fromEntries(Object.entries(typed).filter(([k]) => k in values));
  const q = AuditQuery.parse({ ...values, limit: PAGE });
  const verify = await verifyAudit(actor);
  const checkedAt = new Date().toISOString().replace("T", " ").slice(0, 19);

  // Seq counts up from 1 with no gap (the chain proves it), so without a filter any page is just "after seq N";
  // the first view of the whole trail opens on the newest entries.
  const head = verify.ok && verify.head ? verify.head.seq : null;
  const afterParam = one(raw.after);
  const after = afterParam && /^\d{1,12}$/.test(afterParam) ? Number(afterParam) : !filtered && head ? Math.max(0, head - PAGE) : 0;
  const page = await listAudit(actor, auditFilter(q), after, PAGE);
  // The security log sits under the trail: compliance reads it here (admins on /admin as well).
  const security = can(actor, "security.read") ? await securitySummary(actor) : null;
  // The transparency log's latest signed checkpoint, when a signing key is configured.
  const note = "error" in readSigningKey() ? null : await signedCheckpoint(actor);
  const signed = note ? { note, verifierKey: checkpointVerifierKey(actor), size: Number(note.split("\n")[1]) } : null;
  const published = signed ? await publishedState(actor) : null;

  const href = (extra: Record<string, string | number | undefined>) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...typedValid, ...extra })) if (v !== undefined && v !== "") p.set(k, String(v));
    const s = p.toString();
    return s ? `/audit?${s}` : "/audit";
  };
  const exportHref = (format: "ndjson" | "csv") => `/api/v1/audit?${new URLSearchParams({ format, ...values }).toString()}`;
  const first = page.items[0]?.seq;
  const last = page.items[page.items.length - 1]?.seq;
  const summary = page.items.length
    ? filtered
      ? `${page.items.length} matching entries, seq ${first} to ${last}${page.nextSeq ? "; more on the next page" : ""}`
      : `Seq ${first} to ${last}${head ? ` of ${head}` : ""}${head && last === head ? ", the newest" : ""}; oldest first`
    : "No entries to show.";

  const nav: { href: string; label: string }[] = [];
  if (after > 0) nav.push({ href: href({ after: 0 }), label: "Oldest" });
  if (!filtered && after > 0) nav.push({ href: href({ after: Math.max(0, after - PAGE) }), label: "Older" });
  if (page.nextSeq) nav.push({ href: href({ after: page.nextSeq }), label: "Newer" });
  if (!filtered && head && page.nextSeq) nav.push({ href: href({}), label: "Newest" });

  return (
    <>
      <PageHeader
        title="Audit trail"
        subtitle="Every change made in Steward, by the API or in the browser, in one hash-linked chain. Times are UTC."
      />
      <VerifyBanner
        result={verify}
        checkedAt={checkedAt}
        checkpoint={!("error" in readCheckpointKey())}
        showFromHref={verify.ok ? undefined : href({ after: Math.max(0, verify.firstBadSeq - 1) })}
      />
      {signed && <SignedCheckpoint {...signed} />}
      {signed && published && <Witnesses {...published} headSize={signed.size} canPublish={can(actor, "audit.publish")} />}
      <AuditFilterForm values={typed} invalid={invalid} />
      <div className="mb-2 flex flex-wrap items-end justify-between gap-x-4 gap-y-2">
        <p className="text-sm" data-testid="audit-summary">
          {summary}
        </p>
        <div className="flex flex-wrap items-center gap-2">
          <span className="text-xs text-muted">Every entry {filtered ? "matching the filter" : "in the trail"}, not only this page:</span>
          <a href={exportHref("ndjson")} download className={secondaryButtonClass} data-testid="export-ndjson">
            Download NDJSON
          </a>
          <a href={exportHref("csv")} download className={secondaryButtonClass} data-testid="export-csv">
            Download CSV
          </a>
        </div>
      </div>
      {page.items.length === 0 ? (
        filtered ? (
          <EmptyState title="No entry matches this filter.">
            Check the spelling (actions look like <code>model.created</code>), widen the time range, or{" "}
            <Link href="/audit" className="underline">
              clear the filters
            </Link>
            .
          </EmptyState>
        ) : after > 0 ? (
          <EmptyState title="No entries after this point.">
            <Link href="/audit" className="underline">
              Go to the newest entries
            </Link>
          </EmptyState>
        ) : (
          <EmptyState title="The audit trail is empty.">
            Every change made in Steward — a model registered, a user created — will be recorded here.
          </EmptyState>
        )
      ) : (
        <AuditTable items={page.items} caption={`Audit entries: ${summary}`} prove={signed !== null} />
      )}
      {nav.length > 0 && (
        <nav aria-label="Pages of the audit trail" className="mt-4 flex flex-wrap items-center gap-2">
          {nav.map((n) => (
            <Link key={n.label} href={n.href} className={secondaryButtonClass}>
              {n.label}
            </Link>
          ))}
        </nav>
      )}
      {security && (
        <div className="mt-8">
          <SecuritySection summary={security} />
        </div>
      )}
    </>
  );
}
