import type { Metadata } from "next";
import { ReviewPolicyForm } from "@/components/mrm/review-policy-form";
import { PageHeader, Panel } from "@/components/ui/page";
import { RoleRequired } from "@/components/ui/role-required";
import { requirePageActor } from "@/lib/auth/page";
import { can } from "@/lib/auth/policy";
import { formatTime } from "@/lib/format";
import { getReviewPolicy } from "@/lib/mrm/review-policy";
import { recordPageRefusal } from "@/lib/security/record";

export const metadata: Metadata = { title: "Review policy" };
export const dynamic = "force-dynamic";

export default async function ReviewPolicyPage() {
  const actor = await requirePageActor();
  const header = (
    <PageHeader
      crumbs={[{ href: "/reviews", label: "Reviews" }]}
      title="Review policy"
      subtitle="How often each risk tier is reviewed, what the validator checks, and how often owners attest. Every save is a new version; a review keeps the checklist it started with."
    />
  );
  if (!can(actor, "reviewPolicy.manage"))
    return (
      <>
        {header}
        {await recordPageRefusal(actor, "/admin/review-policy", "needs reviewPolicy.manage")}
        <RoleRequired roles={["compliance", "admin"]} what="Editing the review policy is for compliance officers and admins." />
      </>
    );
  const policy = await getReviewPolicy(actor);
  return (
    <>
      {header}
      <div className="grid grid-cols-1 items-start gap-6 xl:grid-cols-[minmax(0,1fr)_20rem]">
        <Panel title={`Version ${policy.version}`} id="policy-h">
          <ReviewPolicyForm rules={policy.rules} />
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
