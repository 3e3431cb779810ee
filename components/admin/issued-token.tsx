"use client";
import { useEffect, useState } from "react";
import { buttonClass, secondaryButtonClass } from "@/components/ui/page";
import { useCopyOnce } from "@/components/ui/use-copy-once";
import type { IssuedToken } from "./issue-token-form";

/** The new token, shown this once: a read-only field, a copy button, and how to use it. */
export function IssuedTokenPanel({ issued, onDone }: { issued: IssuedToken; onDone: () => void }) {
  const { heading, field, copied, copy } = useCopyOnce(issued.token);
  const [origin, setOrigin] = useState("");
  useEffect(() => setOrigin(window.location.origin), []);

  return (
    <section
      aria-labelledby="issued-h"
      className="mb-6 rounded-lg border-2 border-amber-400 bg-amber-50 p-4 sm:p-5"
      data-testid="issued-token"
    >
      <h2 id="issued-h" ref={heading} tabIndex={-1} className="text-lg font-semibold">
        Token “{issued.name}” issued
      </h2>
      <p className="mt-1 text-sm">
        <strong>Copy it now: it will not be shown again.</strong> Steward keeps only a hash of it. If it is lost, revoke it and issue
        another.
      </p>
      <label htmlFor="issued-token-value" className="mt-3 block text-sm font-medium">
        Token ({issued.scopes.join(", ")}
        {issued.expiresAt ? `, expires ${issued.expiresAt.slice(0, 10)}` : ", no expiry"})
      </label>
      <div className="mt-1 flex flex-col gap-2 sm:flex-row">
        <input
          ref={field}
          id="issued-token-value"
          readOnly
          value={issued.token}
          onFocus={(e) => e.currentTarget.select()}
          className="block w-full min-w-0 rounded-md border border-slate-400 bg-white px-3 py-2 font-mono text-sm text-ink"
          data-testid="issued-token-value"
        />
        <button type="button" className={buttonClass} onClick={copy}>
          Copy
        </button>
      </div>
      <p role="status" aria-live="polite" className="mt-1 min-h-5 text-sm">
        {copied === "yes"
          ? "Copied to the clipboard."
          : copied === "no"
            ? "Could not reach the clipboard: the token is selected, press Ctrl+C (⌘C) to copy it."
            : ""}
      </p>
      <p className="mt-2 text-sm">
        Send it as a header:{" "}
        <code className="break-all rounded bg-white px-1 py-0.5 text-xs">Authorization: Bearer {issued.token.slice(0, 8)}…</code>, e.g.{" "}
        <code className="break-all rounded bg-white px-1 py-0.5 text-xs">
          curl -H &quot;Authorization: Bearer $STEWARD_TOKEN&quot; {origin}/api/v1/me
        </code>
      </p>
      <button type="button" className={`${secondaryButtonClass} mt-3`} onClick={onDone}>
        I have copied it — hide it
      </button>
    </section>
  );
}
