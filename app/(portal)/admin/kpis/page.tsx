import type { Metadata } from "next";
import { KpiAdmin } from "@/components/kpis/kpi-admin";
import { PageHeader } from "@/components/ui/page";
import { RoleRequired } from "@/components/ui/role-required";
import { requirePageActor } from "@/lib/auth/page";
import { can } from "@/lib/auth/policy";
import { listKpiDefinitions } from "@/lib/kpis/definitions";
import { recordPageRefusal } from "@/lib/security/record";

export const metadata: Metadata = { title: "KPIs" };
export const dynamic = "force-dynamic";

export default async function KpisAdminPage() {
  const actor = await requirePageActor();
  if (!can(actor, "kpis.manage"))
    return (
      <>
        <PageHeader title="KPIs" crumbs={[{ href: "/admin", label: "Admin" }]} />
        {await recordPageRefusal(actor, "/admin/kpis", "needs kpis.manage")}
        <RoleRequired roles={["admin"]} what="Defining the business KPIs models are judged by is for admins." />
      </>
    );
  const { items } = await listKpiDefinitions(actor);
  return (
    <>
      <PageHeader
        title="KPIs"
        crumbs={[{ href: "/admin", label: "Admin" }]}
        subtitle="The business figures models are judged by on the executive dashboard. A point for a KPI not defined here is refused, so every figure has a unit, a direction and an owner. Every change is in the audit trail."
      />
      <KpiAdmin initial={items} />
    </>
  );
}
