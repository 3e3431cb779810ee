const base = "inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset whitespace-nowrap";

/** Passed / failed, in words and colour (never colour alone). */
export function VerdictBadge({ passed, label }: { passed: boolean; label?: string }) {
  return passed ? (
    <span className={`${base} bg-emerald-50 text-emerald-900 ring-emerald-400`}>
      <span aria-hidden>✓</span> {label ? `${label} passed` : "Passed"}
    </span>
  ) : (
    <span className={`${base} bg-red-50 text-red-800 ring-red-300`}>
      <span aria-hidden>✗</span> {label ? `${label} failed` : "Failed"}
    </span>
  );
}
