"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { EmptyState, Panel } from "@/components/ui/page";
import type { CreatedWebhookView, DeliveryView, WebhookView } from "@/lib/webhooks/webhooks";
import { CreateWebhookForm } from "./create-webhook-form";
import { CreatedWebhookPanel } from "./created-webhook";
import { DeliveryHelp } from "./delivery-help";
import { WebhookItem } from "./webhook-item";

/** The webhooks with their deliveries, and the form to add one (whose secret is shown once, above everything). */
export function WebhookManager({ webhooks, deliveries }: { webhooks: WebhookView[]; deliveries: Record<string, DeliveryView[]> }) {
  const router = useRouter();
  const [created, setCreated] = useState<CreatedWebhookView | null>(null);
  return (
    <>
      {created && <CreatedWebhookPanel created={created} onDone={() => setCreated(null)} />}
      <div className="grid grid-cols-1 items-start gap-6 xl:grid-cols-[minmax(0,1fr)_22rem]">
        <section aria-labelledby="webhooks-h" className="min-w-0">
          <h2 id="webhooks-h" className="sr-only">
            Webhooks
          </h2>
          {webhooks.length === 0 ? (
            <EmptyState title="No webhooks yet.">
              Add one with the form: the URL of an endpoint that accepts JSON POSTs. Then send it a test event to check that it answers.
            </EmptyState>
          ) : (
            webhooks.map((w) => <WebhookItem key={w.id} webhook={w} initialDeliveries={deliveries[w.id] ?? []} />)
          )}
        </section>
        <div className="min-w-0">
          <Panel title="Add a webhook" id="add-webhook-h">
            <CreateWebhookForm
              onCreated={(w) => {
                setCreated(w);
                router.refresh();
              }}
            />
          </Panel>
          <Panel title="What receivers get" id="delivery-help-h">
            <DeliveryHelp />
          </Panel>
        </div>
      </div>
    </>
  );
}
