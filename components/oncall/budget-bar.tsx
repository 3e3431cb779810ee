import { pct } from "./format";

/** The share of an error budget left, as a small bar: green with room, amber under half, red when spent. */
export function BudgetBar({ remaining, label }: { remaining: number | null; label?: string }) {
  if (remaining === null) return <span className="text-xs text-muted">no traffic</span>;
  const left = Math.max(0, Math.min(1, remaining));
  const colour = remaining <= 0 ? "bg-bad" : remaining < 0.25 ? "bg-red-600" : remaining < 0.5 ? "bg-amber-500" : "bg-ok";
  const text = remaining <= 0 ? "spent" : `${pct(left, 0)} left`;
  return (
    <span className="inline-flex items-center gap-2 whitespace-nowrap">
      <span className="relative inline-block h-2 w-16 overflow-hidden rounded-full bg-slate-200" aria-hidden>
        <span className={`absolute inset-y-0 left-0 ${colour}`} style={{ width: `${left * 100}%` }} />
      </span>
      <span className="text-xs tabular-nums">
        {label ? <span className="sr-only">{label}: </span> : null}
        {text}
      </span>
    </span>
  );
}
