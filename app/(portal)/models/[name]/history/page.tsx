import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { SubjectHistory } from "@/components/audit/history";
import { PageHeader } from "@/components/ui/page";
import { RoleRequired } from "@/components/ui/role-required";
import { listAudit } from "@/lib/audit/read";
import { requirePageActor } from "@/lib/auth/page";
import { can } from "@/lib/auth/policy";
import { findModelRow } from "@/lib/inventory/models";
import { recordPageRefusal } from "@/lib/security/record";

export const dynamic = "force-dynamic";
type Params = { name: string };
type SP = Record<string, string | string[] | undefined>;

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  return { title: `History of ${(await params).name}` };
}

export default async function ModelHistoryPage({ params, searchParams }: { params: Promise<Params>; searchParams: Promise<SP> }) {
  const actor = await requirePageActor();
  const { name } = await params;
  const header = (
    <PageHeader
      crumbs={[
        { href: "/models", label: "Models" },
        { href: `/models/${name}`, label: name },
      ]}
      title={`History of ${name}`}
      subtitle="Everything recorded about this model: its versions and stages, cards, evaluations, bias audits and releases, each entry in the hash-linked audit trail."
    />
  );
  if (!can(actor, "audit.read"))
    return (
      <>
        {header}
        {await recordPageRefusal(actor, `/models/${name}/history`, "needs audit.read")}
        <RoleRequired
          roles={["compliance", "admin"]}
          what="A model's full history comes from the audit trail, which is for compliance and admins."
        />
      </>
    );
  if (!(await findModelRow(name))) notFound();
  const sp = await searchParams;
  const a = Array.isArray(sp.after) ? sp.after[0] : sp.after;
  const after = a && /^\d{1,12}$/.test(a) ? Number(a) : 0;
  const page = await listAudit(actor, { model: name }, after, 100);
  return (
    <>
      {header}
      <SubjectHistory
        items={page.items}
        nextSeq={page.nextSeq}
        after={after}
        filter={{ model: name }}
        pageHref={(n) => `/models/${name}/history${n ? `?after=${n}` : ""}`}
        what={name}
      />
    </>
  );
}
