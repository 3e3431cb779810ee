import type { Check } from "@/lib/releases/checks";

const base = "inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset whitespace-nowrap";
const STATUS: Record<string, [string, string]> = {
  pending: ["bg-amber-50 text-amber-900 ring-amber-300", "pending"],
  approved: ["bg-emerald-50 text-emerald-900 ring-emerald-400", "approved"],
  rejected: ["bg-red-50 text-red-800 ring-red-300", "rejected"],
  changes_requested: ["bg-sky-50 text-sky-900 ring-sky-300", "changes requested"],
  cancelled: ["bg-stone-100 text-stone-700 ring-stone-300", "cancelled"],
};

export function ReleaseStatusBadge({ status }: { status: string }) {
  const [cls, label] = STATUS[status] ?? STATUS.pending;
  return <span className={`${base} ${cls}`}>{label}</span>;
}

const CHECK: Record<Check["status"], [string, string, string]> = {
  pass: ["bg-emerald-50 text-emerald-900 ring-emerald-400", "✓", "pass"],
  warn: ["bg-amber-50 text-amber-900 ring-amber-300", "!", "warning"],
  fail: ["bg-red-50 text-red-800 ring-red-300", "✕", "fail"],
};

export function CheckBadge({ status }: { status: Check["status"] }) {
  const [cls, icon, label] = CHECK[status];
  return (
    <span className={`${base} ${cls} gap-1`}>
      <span aria-hidden>{icon}</span>
      {label}
    </span>
  );
}

export function KindBadge({ kind }: { kind: "release" | "rollback" }) {
  return kind === "rollback" ? <span className={`${base} bg-fuchsia-50 text-fuchsia-900 ring-fuchsia-300`}>rollback</span> : null;
}
