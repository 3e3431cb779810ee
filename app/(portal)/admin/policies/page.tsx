import type { Metadata } from "next";
import { PolicyForm } from "@/components/releases/policy-form";
import { PageHeader, Panel } from "@/components/ui/page";
import { RoleRequired } from "@/components/ui/role-required";
import { requirePageActor } from "@/lib/auth/page";
import { can } from "@/lib/auth/policy";
import { formatTime } from "@/lib/format";
import { getPolicy } from "@/lib/releases/policies";
import { recordPageRefusal } from "@/lib/security/record";

export const metadata: Metadata = { title: "Release policy" };
export const dynamic = "force-dynamic";

export default async function PoliciesPage() {
  const actor = await requirePageActor();
  const header = (
    <PageHeader
      crumbs={[{ href: "/admin", label: "Admin" }]}
      title="Release policy"
      subtitle="How many approvals each risk tier needs, and which checks block a release. Every save is a new version; a release records the version it was judged under."
    />
  );
  if (!can(actor, "policies.manage"))
    return (
      <>
        {header}
        {await recordPageRefusal(actor, "/admin/policies", "needs policies.manage")}
        <RoleRequired roles={["admin"]} what="Editing the release policy is for admins." />
      </>
    );
  const policy = await getPolicy(actor);
  return (
    <>
      {header}
      <div className="grid grid-cols-1 items-start gap-6 xl:grid-cols-[minmax(0,1fr)_20rem]">
        <Panel title={`Version ${policy.version}`} id="policy-h">
          <PolicyForm rules={policy.rules} />
        </Panel>
        <Panel title="History" id="history-h">
          <ol className="space-y-2 text-sm">
            {policy.history.map((h) => (
              <li key={h.version}>
                <span className="font-medium">Version {h.version}</span>{" "}
                <span className="text-muted">
                  by {h.createdBy}, {formatTime(h.createdAt)}
                </span>
              </li>
            ))}
          </ol>
        </Panel>
      </div>
    </>
  );
}
