import type { DeliveryView } from "@/lib/webhooks/webhooks";

const pill = "inline-flex items-center whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset";
const STYLE: Record<DeliveryView["status"], string> = {
  delivered: "bg-emerald-50 text-ok ring-emerald-300",
  pending: "bg-amber-50 text-warn ring-amber-300",
  failed: "bg-red-50 text-bad ring-red-300",
};

export function DeliveryStatusBadge({ status }: { status: DeliveryView["status"] }) {
  return <span className={`${pill} ${STYLE[status]}`}>{status}</span>;
}

export function ActiveBadge({ active }: { active: boolean }) {
  return active ? (
    <span className={`${pill} bg-emerald-50 text-ok ring-emerald-300`}>active</span>
  ) : (
    <span className={`${pill} bg-slate-100 text-slate-700 ring-slate-300`}>inactive</span>
  );
}
