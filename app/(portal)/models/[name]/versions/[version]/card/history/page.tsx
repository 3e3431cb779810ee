import type { Metadata } from "next";
import Link from "next/link";
import { NeedsReview } from "@/components/cards/card-panel";
import { DiffView } from "@/components/cards/diff-view";
import { cardPagePath, versionPath } from "@/components/cards/paths";
import { EmailText } from "@/components/ui/email-text";
import { buttonClass, EmptyState, inputClass, labelClass, PageHeader, Panel } from "@/components/ui/page";
import { TableScroll } from "@/components/ui/table-scroll";
import { requirePageActor } from "@/lib/auth/page";
import { diffRevisions, listRevisions } from "@/lib/cards/cards";
import { formatTime } from "@/lib/format";
import { type CardParams, loadCard } from "../load";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<CardParams> }): Promise<Metadata> {
  const p = await params;
  return { title: `Card history · ${p.name} ${decodeURIComponent(p.version)}` };
}

const SOURCE: Record<string, string> = { api: "API", browser: "browser", import: "import", copy: "copy" };

type SP = Record<string, string | string[] | undefined>;
const int = (v: string | string[] | undefined) => {
  const n = Number(Array.isArray(v) ? v[0] : v);
  return Number.isInteger(n) && n >= 1 ? n : undefined;
};

export default async function CardHistoryPage({ params, searchParams }: { params: Promise<CardParams>; searchParams: Promise<SP> }) {
  const actor = await requirePageActor();
  const { m, v } = await loadCard(actor, await params);
  const sp = await searchParams;
  const page = await listRevisions(actor, m.name, v.version, { limit: 500 });
  const revs = page.items;
  const numbers = new Set(revs.map((r) => r.revision));
  const latest = revs[0]?.revision ?? 0;
  const asked = { from: int(sp.from), to: int(sp.to) };
  const from = asked.from && numbers.has(asked.from) ? asked.from : revs[1]?.revision;
  const to = asked.to && numbers.has(asked.to) ? asked.to : latest;
  const badAsk = (asked.from !== undefined && !numbers.has(asked.from)) || (asked.to !== undefined && !numbers.has(asked.to));
  const diff = from && to ? await diffRevisions(actor, m.name, v.version, from, to) : null;
  const back = versionPath(m.name, v.version);
  const base = cardPagePath(m.name, v.version, "history");
  const select = (name: "from" | "to", label: string, value: number | undefined) => (
    <div>
      <label htmlFor={`cmp-${name}`} className={labelClass}>
        {label}
      </label>
      <select id={`cmp-${name}`} name={name} defaultValue={value} className={inputClass}>
        {revs.map((r) => (
          <option key={r.revision} value={r.revision}>
            Revision {r.revision} ({r.completeness}% complete)
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <>
      <PageHeader
        crumbs={[
          { href: "/models", label: "Models" },
          { href: `/models/${m.name}`, label: m.name },
          { href: back, label: v.version },
        ]}
        title="Card history"
        subtitle={
          <>
            {m.name} <span className="font-mono">{v.version}</span>: every save of the card is a revision.
          </>
        }
      />
      {revs.length === 0 ? (
        <EmptyState title="No card has been saved for this version yet.">
          <Link href={`${back}#card`} className="underline">
            Back to the version
          </Link>{" "}
          to write one or start from the previous version&apos;s.
        </EmptyState>
      ) : (
        <>
          <Panel title="Revisions" id="revisions">
            <TableScroll label="Revisions of the card">
              <table className="w-full text-left text-sm" data-testid="revisions">
                <caption className="sr-only">Revisions of the card, newest first</caption>
                <thead className="border-b border-line text-xs uppercase tracking-wide text-muted">
                  <tr>
                    <th scope="col" className="py-2 pr-2 sm:pr-3 font-medium">
                      Revision
                    </th>
                    <th scope="col" className="py-2 pr-2 sm:pr-3 font-medium">
                      Saved by
                    </th>
                    <th scope="col" className="hidden py-2 pr-2 sm:pr-3 font-medium sm:table-cell">
                      When
                    </th>
                    <th scope="col" className="py-2 pr-2 sm:pr-3 text-right font-medium">
                      Complete
                    </th>
                    <th scope="col" className="hidden py-2 pr-2 sm:pr-3 font-medium md:table-cell">
                      Source
                    </th>
                    <th scope="col" className="py-2 pr-2 sm:pr-3 font-medium">
                      <span className="sr-only">Compare</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {revs.map((r, i) => {
                    const prev = revs[i + 1];
                    return (
                      <tr
                        key={r.revision}
                        className={`border-b border-line last:border-0 ${r.revision === to || r.revision === from ? "bg-sky-50" : ""}`}
                      >
                        <th scope="row" className="py-2 pr-2 sm:pr-3 font-medium">
                          <span className="flex flex-wrap items-center gap-1.5">
                            {r.revision}
                            {r.revision === latest && <span className="hidden text-xs font-normal text-muted sm:inline">latest</span>}
                            {r.needsReview && <NeedsReview />}
                          </span>
                        </th>
                        <td className="py-2 pr-2 sm:pr-3">
                          <EmailText email={r.savedBy} />
                          <div className="text-xs text-muted sm:hidden">{formatTime(r.savedAt)}</div>
                        </td>
                        <td className="hidden py-2 pr-2 sm:pr-3 sm:table-cell">{formatTime(r.savedAt)}</td>
                        <td className="py-2 pr-2 sm:pr-3 text-right tabular-nums">{r.completeness}%</td>
                        <td className="hidden py-2 pr-2 sm:pr-3 md:table-cell">{SOURCE[r.source] ?? r.source}</td>
                        <td className="py-2 pr-2 sm:pr-3">
                          <span className="flex flex-wrap gap-x-3 gap-y-1">
                            {prev && (
                              <Link
                                href={`${base}?from=${prev.revision}&to=${r.revision}#diff`}
                                className="whitespace-nowrap text-brand underline-offset-2 hover:underline"
                              >
                                Changes<span className="sr-only"> in revision {r.revision}</span>
                              </Link>
                            )}
                            <Link
                              href={`${cardPagePath(m.name, v.version, "print")}?revision=${r.revision}`}
                              className="whitespace-nowrap text-brand underline-offset-2 hover:underline"
                            >
                              View<span className="sr-only"> revision {r.revision}</span>
                            </Link>
                          </span>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </TableScroll>
            {page.nextCursor && <p className="mt-2 text-xs text-muted">The newest 500 revisions are listed.</p>}
          </Panel>
          <Panel title="Compare two revisions" id="diff">
            {revs.length < 2 ? (
              <p className="text-sm text-muted">There is one revision so far; once the card is saved again, the changes show here.</p>
            ) : (
              <>
                <form
                  method="get"
                  action={base}
                  className="mb-5 grid grid-cols-2 items-end gap-3 sm:grid-cols-[1fr_1fr_auto]"
                  aria-label="Choose two revisions"
                >
                  {select("from", "From", from)}
                  {select("to", "To", to)}
                  <div className="col-span-2 sm:col-span-1">
                    <button type="submit" className={buttonClass}>
                      Compare
                    </button>
                  </div>
                </form>
                {badAsk && (
                  <p className="mb-3 text-sm text-warn">
                    A revision in the address does not exist; the nearest comparison is shown instead.
                  </p>
                )}
                {diff && <DiffView diff={diff} evaluations={v.evaluations} audits={v.audits} />}
              </>
            )}
          </Panel>
        </>
      )}
    </>
  );
}
