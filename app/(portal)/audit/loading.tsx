export default function Loading() {
  return (
    <div role="status" aria-live="polite" className="space-y-3">
      <div className="h-7 w-48 animate-pulse rounded bg-slate-200" />
      <p className="text-sm text-muted">Reading the audit trail and recomputing its hash chain…</p>
      <div className="h-20 animate-pulse rounded-lg bg-slate-200" />
      <div className="h-64 animate-pulse rounded-lg bg-slate-200" />
    </div>
  );
}
