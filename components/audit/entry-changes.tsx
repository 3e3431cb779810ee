import Link from "next/link";
import type { AuditEntry } from "@/lib/audit/chain";

const pretty = (v: unknown) => JSON.stringify(v, null, 2);

/** Top-level fields whose value differs between before and after. */
function changedFields(before: unknown, after: unknown): string[] {
  const obj = (v: unknown) => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
  const b = obj(before);
  const a = obj(after);
  if (!b || !a) return [];
  return [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]));
}

function JsonBlock({ title, value, empty }: { title: string; value: unknown; empty: string }) {
  return (
    <div className="min-w-0">
      <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-muted">{title}</h3>
      {value === null || value === undefined ? (
        <p className="rounded-md border border-dashed border-line bg-white p-3 text-sm text-muted">{empty}</p>
      ) : (
        <pre
          tabIndex={0}
          className="max-h-80 overflow-auto whitespace-pre-wrap rounded-md border border-line bg-white p-3 font-mono text-xs leading-relaxed [overflow-wrap:anywhere]"
        >
          {pretty(value)}
        </pre>
      )}
    </div>
  );
}

/** What one entry changed: before and after side by side, the chain fields, and filters that start from it. */
export function EntryChanges({ e }: { e: AuditEntry }) {
  const changed = changedFields(e.before, e.after);
  const q = (p: Record<string, string>) => `/audit?${new URLSearchParams(p).toString()}`;
  return (
    <div className="mt-2 space-y-3">
      {changed.length > 0 && (
        <p className="text-sm">
          <span className="text-muted">Changed:</span> <span className="font-mono text-xs">{changed.join(", ")}</span>
        </p>
      )}
      <div className="grid grid-cols-1 gap-3 md:grid-cols-2">
        <JsonBlock title="Before" value={e.before} empty="Nothing before: this entry created it." />
        <JsonBlock title="After" value={e.after} empty="Nothing after: this entry removed it." />
      </div>
      <dl className="grid grid-cols-1 gap-x-4 gap-y-1 text-xs sm:grid-cols-[max-content_1fr]">
        <dt className="text-muted">Actor</dt>
        <dd className="break-all">
          {e.actor.type} {e.actor.id}
          {e.actor.email ? ` (${e.actor.email})` : ""}
        </dd>
        <dt className="text-muted">Request id</dt>
        <dd className="break-all font-mono">{e.requestId ?? "—"}</dd>
        <dt className="text-muted">Previous hash</dt>
        <dd className="break-all font-mono">{e.prevHash}</dd>
        <dt className="text-muted">Hash</dt>
        <dd className="break-all font-mono">{e.hash}</dd>
      </dl>
      <p className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        <Link href={q({ entityType: e.entity.type, entityId: e.entity.id })} className="text-brand underline">
          History of {e.entity.type} {e.entity.id}
        </Link>
        {e.actor.email && (
          <Link href={q({ actor: e.actor.email })} className="text-brand underline">
            Everything by {e.actor.email}
          </Link>
        )}
        <Link href={q({ action: e.action })} className="text-brand underline">
          Every {e.action}
        </Link>
      </p>
    </div>
  );
}
