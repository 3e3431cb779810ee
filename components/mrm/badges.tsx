const base = "inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset whitespace-nowrap";
const SEVERITY: Record<string, string> = {
  low: "bg-slate-100 text-slate-800 ring-slate-300",
  medium: "bg-sky-50 text-sky-900 ring-sky-300",
  high: "bg-amber-50 text-amber-900 ring-amber-400",
  critical: "bg-red-50 text-red-800 ring-red-300",
};
const STATUS: Record<string, string> = {
  open: "bg-red-50 text-red-800 ring-red-300",
  in_remediation: "bg-amber-50 text-amber-900 ring-amber-300",
  closed: "bg-emerald-50 text-emerald-900 ring-emerald-400",
  risk_accepted: "bg-violet-50 text-violet-900 ring-violet-300",
  mitigated: "bg-amber-50 text-amber-900 ring-amber-300",
  resolved: "bg-emerald-50 text-emerald-900 ring-emerald-400",
};

export function FindingSeverityBadge({ severity }: { severity: string }) {
  return <span className={`${base} ${SEVERITY[severity] ?? SEVERITY.low}`}>{severity}</span>;
}

/** A finding's or an incident's status, in words. */
export function MrmStatusBadge({ status }: { status: string }) {
  return <span className={`${base} ${STATUS[status] ?? SEVERITY.low}`}>{status.replace("_", " ")}</span>;
}

export function OverdueBadge({ days }: { days: number }) {
  return <span className={`${base} bg-red-600 text-white ring-red-700`}>{days === 1 ? "1 day overdue" : `${days} days overdue`}</span>;
}
