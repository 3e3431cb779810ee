const base = "inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset whitespace-nowrap";

export function SeverityBadge({ severity }: { severity: "page" | "ticket" }) {
  return severity === "page" ? (
    <span className={`${base} bg-red-50 text-red-800 ring-red-300`}>page</span>
  ) : (
    <span className={`${base} bg-amber-50 text-amber-900 ring-amber-300`}>ticket</span>
  );
}

export function SilencedBadge() {
  return (
    <span className={`${base} bg-slate-100 text-slate-700 ring-slate-300`} title="Notifications held by a silence; the alert still shows">
      silenced
    </span>
  );
}

const RUN: Record<string, string> = {
  succeeded: "bg-emerald-50 text-emerald-900 ring-emerald-300",
  failed: "bg-red-50 text-red-800 ring-red-300",
  running: "bg-sky-50 text-sky-900 ring-sky-300",
};

export function RunBadge({ status }: { status: string }) {
  return <span className={`${base} ${RUN[status] ?? "bg-slate-100 text-slate-800 ring-slate-300"}`}>{status}</span>;
}
