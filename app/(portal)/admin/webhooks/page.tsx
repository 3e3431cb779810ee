import type { Metadata } from "next";
import { PageHeader, secondaryButtonClass } from "@/components/ui/page";
import { RoleRequired } from "@/components/ui/role-required";
import { RECENT_DELIVERIES as RECENT } from "@/components/webhooks/recent";
import { WebhookManager } from "@/components/webhooks/webhook-manager";
import { requirePageActor } from "@/lib/auth/page";
import { can } from "@/lib/auth/policy";
import { recordPageRefusal } from "@/lib/security/record";
import { type DeliveryView, listDeliveries, listWebhooks } from "@/lib/webhooks/webhooks";

export const metadata: Metadata = { title: "Webhooks" };
export const dynamic = "force-dynamic";

export default async function WebhooksPage() {
  const actor = await requirePageActor();
  if (!can(actor, "webhooks.manage"))
    return (
      <>
        <PageHeader title="Webhooks" crumbs={[{ href: "/admin", label: "Admin" }]} />
        {await recordPageRefusal(actor, "/admin/webhooks", "needs webhooks.manage")}
        <RoleRequired roles={["admin"]} what="Managing the webhooks Steward notifies of release decisions is for admins." />
      </>
    );
  const webhooks = (await listWebhooks(actor, 500)).items;
  const deliveries: Record<string, DeliveryView[]> = {};
  for (const w of webhooks) deliveries[w.id] = (await listDeliveries(actor, w.id, RECENT)).items;
  const active = webhooks.filter((w) => w.active).length;
  return (
    <>
      <PageHeader
        title="Webhooks"
        crumbs={[{ href: "/admin", label: "Admin" }]}
        subtitle={`Steward POSTs a signed JSON event to each active webhook when a release changes state. ${webhooks.length} ${webhooks.length === 1 ? "webhook" : "webhooks"}, ${active} active.`}
        actions={
          <a href="#add-webhook-h" className={`${secondaryButtonClass} xl:hidden`}>
            Add a webhook
          </a>
        }
      />
      <WebhookManager webhooks={webhooks} deliveries={deliveries} />
    </>
  );
}
