"use client";
import { secondaryButtonClass } from "@/components/ui/page";
import type { ApiError } from "./api-form";

const clockSeconds = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit", timeZone: "UTC" });
const hhmmss = (t: number) => clockSeconds.format(new Date(t));

type Polled = { isFetching: boolean; dataUpdatedAt: number; refetch: () => unknown; isError: boolean; error: ApiError | null };

/** When a polled dashboard last read its data, and a Refresh button (the on-call and debug dashboards). */
export function RefreshStatus({ q, generatedAt, refreshMs }: { q: Polled; generatedAt: number; refreshMs: number }) {
  return (
    <div className="flex items-center gap-3 text-sm">
      <p className="text-muted" data-testid="updated-at">
        {q.isFetching ? "Refreshing…" : `Updated ${hhmmss(q.dataUpdatedAt || generatedAt)} UTC`}
        <span className="sr-only">; refreshes every {refreshMs / 1000} seconds</span>
      </p>
      <button type="button" className={`${secondaryButtonClass} py-1`} onClick={() => q.refetch()} disabled={q.isFetching}>
        Refresh
      </button>
    </div>
  );
}

/** A failed refresh: the figures on screen stay, dated, and the next poll or Refresh tries again. */
export function RefreshError({ q, generatedAt, refreshMs }: { q: Polled; generatedAt: number; refreshMs: number }) {
  if (!q.isError) return null;
  return (
    <div role="alert" className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
      Could not refresh: {q.error?.message} Showing the data from {hhmmss(generatedAt)} UTC; it tries again every {refreshMs / 1000} s, or
      press Refresh.
    </div>
  );
}
