import { EmailText } from "@/components/ui/email-text";
import type { AuditEntry } from "@/lib/audit/chain";
import { EntryChanges } from "./entry-changes";

const utc = (iso: string) => iso.replace("T", " ").slice(0, 19);

function Actor({ e }: { e: AuditEntry }) {
  if (e.actor.type === "system") return <span className="text-muted">system</span>;
  return (
    <>
      {e.actor.email ? <EmailText email={e.actor.email} /> : <span className="break-all">{e.actor.id}</span>}
      {e.actor.type === "token" && <span className="block text-xs text-muted">via token {e.actor.id}</span>}
    </>
  );
}

/** One page of the trail in seq order; each entry opens to show what it changed. */
export function AuditTable({ items, caption, prove = false }: { items: AuditEntry[]; caption: string; prove?: boolean }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-line bg-panel">
      <table className="w-full text-left text-sm" data-testid="audit-table">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-line bg-slate-50 text-xs uppercase tracking-wide text-muted">
          <tr>
            <th scope="col" className="w-16 px-3 py-2">
              Seq
            </th>
            <th scope="col" className="hidden whitespace-nowrap px-3 py-2 md:table-cell">
              Time (UTC)
            </th>
            <th scope="col" className="hidden px-3 py-2 md:table-cell">
              Actor
            </th>
            <th scope="col" className="px-3 py-2">
              Action
            </th>
            <th scope="col" className="hidden px-3 py-2 sm:table-cell">
              Entity
            </th>
          </tr>
        </thead>
        {items.map((e) => (
          <tbody
            key={e.seq}
            className="border-b border-line last:border-0"
            data-testid="audit-entry"
            data-seq={e.seq}
            data-action={e.action}
          >
            <tr>
              <td className="px-3 pb-0.5 pt-2 align-baseline font-mono text-xs tabular-nums">{e.seq}</td>
              <td className="hidden whitespace-nowrap px-3 pb-0.5 pt-2 align-baseline font-mono text-xs tabular-nums md:table-cell">
                <time dateTime={e.at}>{utc(e.at)}</time>
              </td>
              <td className="hidden px-3 pb-0.5 pt-2 align-baseline md:table-cell">
                <Actor e={e} />
              </td>
              <td className="px-3 pb-0.5 pt-2 align-baseline">
                <span className="font-mono text-xs font-medium">{e.action}</span>
                <div className="mt-0.5 text-xs text-muted md:hidden">
                  <time dateTime={e.at}>{utc(e.at)} UTC</time> · <Actor e={e} />
                </div>
                <div className="mt-0.5 text-xs text-muted [overflow-wrap:anywhere] sm:hidden">
                  {e.entity.type} {e.entity.id}
                </div>
              </td>
              <td className="hidden px-3 pb-0.5 pt-2 align-baseline sm:table-cell">
                <span className="text-muted">{e.entity.type}</span> <span className="[overflow-wrap:anywhere]">{e.entity.id}</span>
              </td>
            </tr>
            <tr>
              <td className="p-0" />
              <td colSpan={4} className="px-3 pb-2 pt-0">
                <details className="group">
                  <summary className="cursor-pointer text-xs text-brand underline-offset-2 hover:underline">
                    Before and after<span className="sr-only"> of entry {e.seq}</span>
                  </summary>
                  <EntryChanges e={e} />
                </details>
                {prove && (
                  <a
                    href={`/api/v1/audit/${e.seq}/proof?format=bundle`}
                    download={`steward-audit-proof-${e.seq}.json`}
                    className="mt-0.5 inline-block text-xs text-brand underline-offset-2 hover:underline"
                    data-testid="prove"
                  >
                    Prove
                    <span className="sr-only"> entry {e.seq} is in the signed log (download the inclusion proof with its checkpoint)</span>
                  </a>
                )}
              </td>
            </tr>
          </tbody>
        ))}
      </table>
    </div>
  );
}
