"use client";
import { buttonClass, secondaryButtonClass } from "@/components/ui/page";
import { useCopyOnce } from "@/components/ui/use-copy-once";
import type { CreatedWebhookView } from "@/lib/webhooks/webhooks";

/** The new webhook's signing secret, shown this once: a read-only field, a copy button, and how to check a signature. */
export function CreatedWebhookPanel({ created, onDone }: { created: CreatedWebhookView; onDone: () => void }) {
  const { heading, field, copied, copy } = useCopyOnce(created.secret);

  return (
    <section
      aria-labelledby="created-h"
      className="mb-6 rounded-lg border-2 border-amber-400 bg-amber-50 p-4 sm:p-5"
      data-testid="created-webhook"
    >
      <h2 id="created-h" ref={heading} tabIndex={-1} className="text-lg font-semibold break-words">
        Webhook “{created.name}” added
      </h2>
      <p className="mt-1 text-sm">
        <strong>Copy its signing secret now: it will not be shown again.</strong> If it is lost, delete the webhook and add it again.
      </p>
      <label htmlFor="created-secret" className="mt-3 block text-sm font-medium">
        Signing secret
      </label>
      <div className="mt-1 flex flex-col gap-2 sm:flex-row">
        <input
          ref={field}
          id="created-secret"
          readOnly
          value={created.secret}
          onFocus={(e) => e.currentTarget.select()}
          className="block w-full min-w-0 rounded-md border border-slate-400 bg-white px-3 py-2 font-mono text-sm text-ink"
          data-testid="created-secret"
        />
        <button type="button" className={buttonClass} onClick={copy}>
          Copy
        </button>
      </div>
      <p role="status" aria-live="polite" className="mt-1 min-h-5 text-sm">
        {copied === "yes"
          ? "Copied to the clipboard."
          : copied === "no"
            ? "Could not reach the clipboard: the secret is selected, press Ctrl+C (⌘C) to copy it."
            : ""}
      </p>
      <p className="mt-2 text-sm">
        Give it to the receiving service. It checks each request by computing the HMAC-SHA256 of the raw request body with this secret and
        comparing the hex digest with the{" "}
        <code className="whitespace-nowrap rounded bg-white px-1 py-0.5 text-xs">X-Steward-Signature</code> header (after{" "}
        <code className="rounded bg-white px-1 py-0.5 text-xs">sha256=</code>).
      </p>
      <button type="button" className={`${secondaryButtonClass} mt-3`} onClick={onDone}>
        I have copied it — hide it
      </button>
    </section>
  );
}
