"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiFetch, useApiForm } from "@/components/ui/api-form";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { FormError } from "@/components/ui/field";
import { secondaryButtonClass } from "@/components/ui/page";
import { formatTime } from "@/lib/format";
import type { DeliveryView, WebhookView } from "@/lib/webhooks/webhooks";
import { DeliveriesTable } from "./deliveries-table";
import { ActiveBadge, DeliveryStatusBadge } from "./delivery-status";

import { RECENT_DELIVERIES as RECENT } from "./recent";

type DeliveriesPage = { items: DeliveryView[]; nextCursor: string | null };

/** Poll quickly while a delivery is about to be tried, slowly while one waits on a long backoff, not at all otherwise. */
function pollEvery(items: DeliveryView[] | undefined): number | false {
  const pending = (items ?? []).filter((d) => d.status === "pending");
  if (pending.length === 0) return false;
  const soonest = Math.min(...pending.map((d) => (d.nextAttemptAt ? new Date(d.nextAttemptAt).getTime() : 0)));
  return soonest - Date.now() < 60_000 ? 1_000 : 30_000;
}

/** One webhook: its settings, its actions, and its recent deliveries (kept fresh while any is pending). */
export function WebhookItem({ webhook: w, initialDeliveries }: { webhook: WebhookView; initialDeliveries: DeliveryView[] }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const base = `/api/v1/webhooks/${encodeURIComponent(w.id)}`;
  const key = ["webhook-deliveries", w.id];
  const deliveries = useQuery({
    queryKey: key,
    queryFn: () => apiFetch<DeliveriesPage>(`${base}/deliveries?limit=${RECENT}`, "GET"),
    initialData: { items: initialDeliveries, nextCursor: null },
    staleTime: 5_000,
    refetchInterval: (q) => pollEvery(q.state.data?.items),
  });
  const test = useApiForm<{ eventId: string }>(`${base}/test`, "POST");
  const patch = useApiForm<WebhookView>(base, "PATCH");
  const remove = useApiForm<WebhookView>(base, "DELETE");
  const [note, setNote] = useState<string | null>(null);
  const items = deliveries.data?.items ?? [];
  const last = items[0];
  const headingId = `wh-${w.id}`;

  const refresh = () => {
    queryClient.invalidateQueries({ queryKey: key });
    router.refresh();
  };
  function sendTest() {
    setNote(null);
    test.mutate(undefined, {
      onSuccess: () => {
        setNote("Test event queued: it shows below once the endpoint answers.");
        queryClient.invalidateQueries({ queryKey: key });
      },
    });
  }
  function setActive(active: boolean, done?: () => void) {
    setNote(null);
    patch.mutate(
      { active },
      {
        onSuccess: () => {
          done?.();
          setNote(active ? `${w.name} is active again.` : `${w.name} is inactive: nothing is sent to it.`);
          refresh();
        },
      },
    );
  }

  return (
    <article
      aria-labelledby={headingId}
      className="mb-4 rounded-lg border border-line bg-panel p-4 sm:p-5"
      data-testid="webhook"
      data-webhook-id={w.id}
      data-webhook-name={w.name}
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h3 id={headingId} className="text-base font-semibold break-words">
            {w.name} <ActiveBadge active={w.active} />
          </h3>
          <p className="mt-0.5 font-mono text-xs break-all text-muted" data-testid="webhook-url">
            {w.url}
          </p>
        </div>
      </div>
      <dl className="mt-3 grid grid-cols-[max-content_minmax(0,1fr)] gap-x-4 gap-y-1.5 text-sm">
        <dt className="text-muted">Events</dt>
        <dd className="flex flex-wrap gap-1">
          {w.events.map((e) => (
            <code key={e} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs">
              {e}
            </code>
          ))}
        </dd>
        <dt className="text-muted">Last delivery</dt>
        <dd data-testid="webhook-last-delivery">
          {last ? (
            <span className="flex flex-wrap items-center gap-x-2 gap-y-1">
              <DeliveryStatusBadge status={last.status} />
              <span className="font-mono text-xs">{last.event}</span>
              <span className="text-xs text-muted">{formatTime(last.deliveredAt ?? last.createdAt)}</span>
            </span>
          ) : (
            <span className="text-muted">none yet</span>
          )}
        </dd>
      </dl>

      <div className="mt-4 flex flex-wrap items-start gap-2">
        <button
          type="button"
          className={secondaryButtonClass}
          onClick={sendTest}
          disabled={!w.active || test.isPending}
          aria-describedby={w.active ? undefined : `${headingId}-inactive`}
        >
          {test.isPending ? "Sending…" : "Send test event"}
        </button>
        {w.active ? (
          <ConfirmAction
            label="Deactivate…"
            ariaLabel={`Deactivate ${w.name}`}
            danger={false}
            question={`Deactivate “${w.name}”?`}
            note="Nothing is sent to it until it is activated again; deliveries still waiting are marked failed."
            confirmLabel="Yes, deactivate"
            pendingLabel="Deactivating…"
            pending={patch.isPending}
            onConfirm={(done) => setActive(false, done)}
          />
        ) : (
          <button type="button" className={secondaryButtonClass} onClick={() => setActive(true)} disabled={patch.isPending}>
            {patch.isPending ? "Activating…" : "Activate"}
          </button>
        )}
        <ConfirmAction
          label="Delete…"
          ariaLabel={`Delete ${w.name}`}
          question={`Delete “${w.name}”?`}
          note="Steward stops sending to it at once and its delivery history is deleted. This cannot be undone."
          confirmLabel="Yes, delete"
          pendingLabel="Deleting…"
          pending={remove.isPending}
          onConfirm={(done) =>
            remove.mutate(undefined, {
              onSuccess: () => {
                done();
                router.refresh();
              },
            })
          }
        />
      </div>
      {!w.active && (
        <p id={`${headingId}-inactive`} className="mt-2 text-sm text-muted">
          Inactive: activate it to send events, including a test event.
        </p>
      )}
      <div role="status" aria-live="polite" className="mt-2 min-h-5 text-sm" data-testid="webhook-note">
        {note}
      </div>
      <FormError message={test.error?.message ?? patch.error?.message ?? remove.error?.message} />

      <h4 className="mt-3 mb-2 text-sm font-semibold">Recent deliveries</h4>
      <DeliveriesTable name={w.name} deliveries={items} />
      {deliveries.error && <p className="mt-1 text-sm text-bad">Could not refresh the deliveries: {deliveries.error.message}</p>}
    </article>
  );
}
