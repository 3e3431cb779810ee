import type { Metadata } from "next";
import { QuestionnaireForm } from "@/components/mrm/questionnaire-form";
import { PageHeader, Panel } from "@/components/ui/page";
import { RoleRequired } from "@/components/ui/role-required";
import { requirePageActor } from "@/lib/auth/page";
import { can } from "@/lib/auth/policy";
import { formatTime } from "@/lib/format";
import { getQuestionnaire } from "@/lib/mrm/questionnaires";
import { recordPageRefusal } from "@/lib/security/record";

export const metadata: Metadata = { title: "Risk questionnaire" };
export const dynamic = "force-dynamic";

export default async function QuestionnairePage() {
  const actor = await requirePageActor();
  const header = (
    <PageHeader
      crumbs={[{ href: "/admin", label: "Admin" }]}
      title="Risk questionnaire"
      subtitle="The questions owners answer about a model; each answer points to a risk tier, and the highest is suggested to compliance. Every save is a new version; an assessment keeps the version it answered."
    />
  );
  if (!can(actor, "questionnaire.manage"))
    return (
      <>
        {header}
        {await recordPageRefusal(actor, "/admin/risk-questionnaire", "needs questionnaire.manage")}
        <RoleRequired roles={["admin"]} what="Editing the risk questionnaire is for admins." />
      </>
    );
  const policy = await getQuestionnaire(actor);
  return (
    <>
      {header}
      <div className="grid grid-cols-1 items-start gap-6 xl:grid-cols-[minmax(0,1fr)_20rem]">
        <Panel title={`Version ${policy.version}`} id="policy-h">
          <QuestionnaireForm questions={policy.questions} />
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
