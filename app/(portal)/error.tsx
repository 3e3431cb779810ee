"use client";

export default function PortalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="rounded-lg border border-red-300 bg-red-50 p-6">
      <h1 className="text-xl font-semibold text-bad">This page could not be loaded.</h1>
      <p className="mt-2 text-sm">
        Try again; if it keeps failing, report it with this reference: <code>{error.digest ?? "n/a"}</code>.
      </p>
      <button type="button" onClick={reset} className="mt-4 rounded-md bg-brand px-3 py-2 text-sm font-medium text-white">
        Try again
      </button>
    </div>
  );
}
