"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ApiError, apiFetch } from "@/components/ui/api-form";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { FormError } from "@/components/ui/field";
import { buttonClass, inputClass, labelClass } from "@/components/ui/page";

/** The requester resubmits a release returned for changes; the requester or an admin cancels an open one. */
export function RequesterActions({
  releaseId,
  canResubmit,
  canCancel,
  summary,
}: {
  releaseId: string;
  canResubmit: boolean;
  canCancel: boolean;
  summary: string;
}) {
  const router = useRouter();
  const [text, setText] = useState(summary);
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function call(path: string, body: unknown) {
    setBusy(true);
    setError(null);
    try {
      await apiFetch(`/api/v1/releases/${releaseId}/${path}`, "POST", body);
      router.refresh();
      return true;
    } catch (e) {
      setError(e instanceof ApiError ? e.body.message : "The request could not be sent. Try again.");
      return false;
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="space-y-4">
      {canResubmit && (
        <form
          aria-label="Resubmit"
          className="space-y-3"
          onSubmit={async (e) => {
            e.preventDefault();
            await call("resubmit", { summary: text, ...(note.trim() ? { comment: note } : {}) });
          }}
        >
          <p className="text-sm">
            A reviewer asked for changes. Fix the evidence (card, evaluations, audits), then resubmit: reviewers decide again.
          </p>
          <div>
            <label htmlFor="resubmit-summary" className={labelClass}>
              Summary
            </label>
            <textarea
              id="resubmit-summary"
              rows={3}
              className={inputClass}
              value={text}
              onChange={(e) => setText(e.target.value)}
              required
            />
          </div>
          <div>
            <label htmlFor="resubmit-note" className={labelClass}>
              What changed (optional)
            </label>
            <input id="resubmit-note" className={inputClass} value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
          <button type="submit" className={buttonClass} disabled={busy}>
            {busy ? "Resubmitting…" : "Resubmit for review"}
          </button>
        </form>
      )}
      <FormError message={error} />
      {canCancel && (
        <ConfirmAction
          label="Cancel release"
          question="Cancel this release request?"
          note="It stays in the record as cancelled; request again later if needed."
          confirmLabel="Yes, cancel it"
          pendingLabel="Cancelling…"
          pending={busy}
          onConfirm={async (done) => {
            await call("cancel", {});
            done();
          }}
        />
      )}
    </div>
  );
}
