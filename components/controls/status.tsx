import type { ControlStatus } from "@/lib/controls/coverage";
import type { EvidenceStatus } from "@/lib/controls/types";

const base = "inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset whitespace-nowrap";
const CONTROL: Record<ControlStatus, string> = {
  covered: "bg-emerald-50 text-emerald-900 ring-emerald-400",
  partial: "bg-sky-50 text-sky-900 ring-sky-300",
  stale: "bg-amber-50 text-amber-900 ring-amber-300",
  missing: "bg-red-50 text-red-800 ring-red-300",
};
const EVIDENCE: Record<EvidenceStatus, string> = {
  found: CONTROL.covered,
  stale: CONTROL.stale,
  missing: CONTROL.missing,
};

/** A control's status in words (never colour alone). */
export function ControlStatusBadge({ status }: { status: ControlStatus }) {
  return <span className={`${base} ${CONTROL[status]}`}>{status}</span>;
}

export function EvidenceStatusBadge({ status }: { status: EvidenceStatus }) {
  return <span className={`${base} ${EVIDENCE[status]}`}>{status}</span>;
}

/** "7 of 10 covered (70%) · 1 partial · 1 stale · 1 missing". */
export function FiguresLine({
  f,
}: {
  f: { controls: number; covered: number; partial: number; stale: number; missing: number; percent: number };
}) {
  return (
    <span>
      <strong>{f.percent}%</strong> covered: {f.covered} of {f.controls} · {f.partial} partial · {f.stale} stale · {f.missing} missing
    </span>
  );
}

/** A bar split by status, with its figures in text beside it for screen readers. */
export function FiguresBar({
  f,
  label,
}: {
  f: { controls: number; covered: number; partial: number; stale: number; missing: number };
  label: string;
}) {
  const pct = (n: number) => (f.controls === 0 ? 0 : (100 * n) / f.controls);
  return (
    <div className="flex h-3 w-full overflow-hidden rounded bg-slate-100" role="img" aria-label={label}>
      <div className="bg-emerald-500" style={{ width: `${pct(f.covered)}%` }} />
      <div className="bg-sky-400" style={{ width: `${pct(f.partial)}%` }} />
      <div className="bg-amber-400" style={{ width: `${pct(f.stale)}%` }} />
      <div className="bg-red-400" style={{ width: `${pct(f.missing)}%` }} />
    </div>
  );
}
