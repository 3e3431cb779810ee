import { TableScroll } from "@/components/ui/table-scroll";
import type { PublishedView, WitnessView } from "@/lib/audit/publish";
import { PublishNowButton } from "./publish-now";

const utc = (iso: string) => `${iso.replace("T", " ").slice(0, 19)} UTC`;

/**
 * The checkpoints that left the building: the latest one published (to the audit.checkpoint webhooks and the
 * witnesses), who cosigned it, and each witness's state, with what to do when one refuses.
 */
export function Witnesses({
  latest,
  witnesses,
  schedule,
  headSize,
  canPublish,
}: {
  latest: PublishedView | null;
  witnesses: WitnessView[];
  schedule: { everyMinutes: number; everyEntries: number } | null;
  headSize: number;
  canPublish: boolean;
}) {
  return (
    <section aria-labelledby="witness-h" className="mb-5 rounded-lg border border-line p-4" data-testid="witnesses">
      <h2 id="witness-h" className="font-semibold">
        Published checkpoints and witnesses
      </h2>
      <p className="mt-1 text-sm">
        {schedule
          ? `A checkpoint is published every ${schedule.everyEntries.toLocaleString("en-GB")} entries or ${schedule.everyMinutes} minutes, to the audit.checkpoint webhooks and to each witness, which cosigns it only if it extends the last one it saw. `
          : ""}
        Once a checkpoint has left Steward, rewriting any entry before it is caught by every verification, even by someone with full rights
        on the database.
      </p>
      {latest ? (
        <div className="mt-2 text-sm" data-testid="latest-published">
          <p>
            Latest published: <strong>{latest.size.toLocaleString("en-GB")} entries</strong>, {utc(latest.publishedAt)}
            {latest.size < headSize
              ? ` (${(headSize - latest.size).toLocaleString("en-GB")} entries since, published on the next round)`
              : ""}
            .{" "}
            {latest.cosignedBy.length
              ? `Cosigned by ${latest.cosignedBy.join(", ")}.`
              : witnesses.length
                ? "No witness has cosigned it yet."
                : "No witness is configured (AUDIT_WITNESSES): it went to the audit.checkpoint webhooks only."}
          </p>
          <details className="mt-1">
            <summary className="cursor-pointer text-xs text-brand">Show the published checkpoint with its cosignatures</summary>
            <pre
              role="region"
              tabIndex={0}
              aria-label="The published checkpoint with its cosignatures"
              className="mt-1 overflow-x-auto rounded bg-slate-50 p-2 font-mono text-xs focus-visible:outline-2"
              data-testid="published-note"
            >
              {latest.checkpoint}
            </pre>
          </details>
        </div>
      ) : (
        <p className="mt-2 text-sm" data-testid="latest-published">
          Nothing published yet. The first checkpoint goes out on the publisher&apos;s next round
          {canPublish ? ", or now with the button below" : ""}.
        </p>
      )}
      {witnesses.length > 0 && (
        <div className="mt-3">
          <TableScroll label="Witnesses">
            <table className="w-full text-left text-sm" data-testid="witness-table">
              <caption className="sr-only">Witnesses and their last cosigned checkpoint</caption>
              <thead className="border-b border-line text-xs uppercase tracking-wide text-muted">
                <tr>
                  <th scope="col" className="py-1 pr-3">
                    Witness
                  </th>
                  <th scope="col" className="py-1 pr-3">
                    Last cosigned
                  </th>
                  <th scope="col" className="py-1 pr-3">
                    Status
                  </th>
                </tr>
              </thead>
              <tbody>
                {witnesses.map((w) => (
                  <tr
                    key={w.key}
                    className="border-b border-line last:border-0"
                    data-testid="witness"
                    data-ok={w.lastError ? "false" : "true"}
                  >
                    <td className="py-1.5 pr-3 align-top">
                      <span className="font-mono text-xs">{w.name}</span>
                      <span className="block break-all text-xs text-muted">{w.url}</span>
                    </td>
                    <td className="py-1.5 pr-3 align-top tabular-nums">
                      {w.cosignedSize === null ? "never" : `${w.cosignedSize.toLocaleString("en-GB")} entries`}
                    </td>
                    <td className="py-1.5 pr-3 align-top">
                      {w.lastError ? (
                        <span className="text-bad">
                          {w.lastError}.{" "}
                          {w.lastError.includes("422")
                            ? "Report this to your security team: keep the checkpoints you hold and export the trail."
                            : "It is asked again with the next checkpoint."}
                        </span>
                      ) : w.lastAttemptAt ? (
                        <span className="text-ok">cosigned, {utc(w.lastAttemptAt)}</span>
                      ) : (
                        <span className="text-muted">not asked yet</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </div>
      )}
      {canPublish && <PublishNowButton />}
    </section>
  );
}
