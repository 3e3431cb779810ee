import Link from "next/link";
import { Panel } from "@/components/ui/page";
import type { Actor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/policy";
import { listFindings } from "@/lib/findings/read";
import { RaiseFindingForm } from "./findings-raise-form";
import { FindingsTable } from "./findings-table";

/** The model page's Findings panel: its findings (active first) and, for reviewers and compliance, a form to raise one. */
export async function FindingsSection({
  actor,
  model,
  owner,
  versions,
}: {
  actor: Actor;
  model: string;
  owner: string;
  versions: string[];
}) {
  const page = await listFindings(actor, { model, limit: 20 });
  const active = page.items.filter((f) => f.status === "open" || f.status === "in_remediation").length;
  return (
    <Panel title="Findings" id="findings">
      <p className="mb-3 text-sm text-muted">
        {page.items.length === 0
          ? "No finding has been raised against this model."
          : `${active} still open. Open high and critical findings block its releases.`}
      </p>
      {page.items.length > 0 && <FindingsTable items={page.items} showModel={false} />}
      {page.nextCursor && (
        <Link
          href={`/findings?model=${encodeURIComponent(model)}`}
          className="mt-2 inline-block text-sm text-brand underline underline-offset-2"
        >
          Every finding of {model}
        </Link>
      )}
      {can(actor, "finding.raise") && (
        <details className="mt-4">
          <summary className="cursor-pointer text-sm font-medium text-brand">Raise a finding</summary>
          <div className="mt-3">
            <RaiseFindingForm model={model} versions={versions} owner={owner} />
          </div>
        </details>
      )}
    </Panel>
  );
}
