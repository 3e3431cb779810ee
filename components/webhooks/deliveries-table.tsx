import { TableScroll } from "@/components/ui/table-scroll";
import { formatTime } from "@/lib/format";
import type { DeliveryView } from "@/lib/webhooks/webhooks";
import { DeliveryStatusBadge } from "./delivery-status";

function answer(d: DeliveryView): string {
  if (d.lastError) return d.lastError;
  if (d.lastStatusCode !== null) return `HTTP ${d.lastStatusCode}`;
  return d.status === "pending" ? "not tried yet" : "—";
}

function when(d: DeliveryView): string {
  if (d.status === "delivered") return `delivered ${formatTime(d.deliveredAt)}`;
  if (d.status === "pending" && d.attempts > 0) return `next try ${formatTime(d.nextAttemptAt)}`;
  return `queued ${formatTime(d.createdAt)}`;
}

/** A webhook's most recent deliveries: what was sent, how it went, the endpoint's last answer. */
export function DeliveriesTable({ name, deliveries }: { name: string; deliveries: DeliveryView[] }) {
  if (deliveries.length === 0)
    return (
      <p className="rounded-md border border-dashed border-line p-3 text-sm text-muted" data-testid="no-deliveries">
        No deliveries yet. Send a test event to check that the endpoint answers with a 2xx; release events appear here as they happen.
      </p>
    );
  return (
    <TableScroll label={`Recent deliveries to ${name}`}>
      <table className="w-full text-left text-sm" data-testid="deliveries-table">
        <caption className="sr-only">Recent deliveries to {name}, most recent first</caption>
        <thead className="border-b border-line bg-slate-50 text-xs uppercase tracking-wide text-muted">
          <tr>
            <th scope="col" className="px-2 py-1.5">
              Event
            </th>
            <th scope="col" className="px-2 py-1.5">
              Status
            </th>
            <th scope="col" className="hidden px-2 py-1.5 sm:table-cell">
              Attempts
            </th>
            <th scope="col" className="hidden px-2 py-1.5 md:table-cell">
              Last answer
            </th>
            <th scope="col" className="hidden px-2 py-1.5 lg:table-cell">
              Time
            </th>
          </tr>
        </thead>
        <tbody>
          {deliveries.map((d) => (
            <tr
              key={d.id}
              className="border-b border-line last:border-0"
              data-testid="delivery-row"
              data-event-id={d.eventId}
              data-status={d.status}
            >
              <td className="px-2 py-1.5 align-top">
                <div className="font-mono text-xs">{d.event}</div>
                {/* On narrow screens the hidden columns' facts sit under the event. */}
                <div className="mt-0.5 break-words text-xs text-muted md:hidden">
                  {answer(d)}
                  <span className="sm:hidden"> · {d.attempts === 1 ? "1 attempt" : `${d.attempts} attempts`}</span>
                </div>
                <div className="mt-0.5 text-xs text-muted lg:hidden">{when(d)}</div>
              </td>
              <td className="px-2 py-1.5 align-top" data-testid="delivery-status">
                <DeliveryStatusBadge status={d.status} />
              </td>
              <td className="hidden px-2 py-1.5 align-top sm:table-cell" data-testid="delivery-attempts">
                {d.attempts}
              </td>
              <td className="hidden max-w-xs break-words px-2 py-1.5 align-top md:table-cell" data-testid="delivery-answer">
                {answer(d)}
              </td>
              <td className="hidden whitespace-nowrap px-2 py-1.5 align-top text-muted lg:table-cell">{when(d)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
