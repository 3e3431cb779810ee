"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ApiError, apiFetch } from "@/components/ui/api-form";
import { dangerButtonClass } from "@/components/ui/confirm-action";
import { FormError } from "@/components/ui/field";
import { buttonClass, inputClass, labelClass, secondaryButtonClass } from "@/components/ui/page";

type Decision = "approve" | "request_changes" | "reject";

/**
 * Approve / Request changes / Reject with a required comment. The server decides what is allowed; the page passes
 * why approve is not offered (a blocking check fails, or compliance must still approve) so the reviewer sees it.
 */
export function DecisionForm({ releaseId, approveBlockedBecause }: { releaseId: string; approveBlockedBecause: string | null }) {
  const router = useRouter();
  const [comment, setComment] = useState("");
  const [pending, setPending] = useState<Decision | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [commentError, setCommentError] = useState<string | null>(null);

  async function decide(decision: Decision) {
    setError(null);
    setCommentError(null);
    if (!comment.trim()) {
      setCommentError("is required: say why, for the record.");
      document.getElementById("decision-comment")?.focus();
      return;
    }
    setPending(decision);
    try {
      await apiFetch(`/api/v1/releases/${releaseId}/decisions`, "POST", { decision, comment });
      setComment("");
      router.refresh();
    } catch (e) {
      if (e instanceof ApiError) {
        const field = e.body.details.find((d) => d.path === "comment");
        if (field) setCommentError(field.message);
        else setError(e.body.message);
      } else setError("The decision could not be sent. Check your connection and try again.");
    } finally {
      setPending(null);
    }
  }

  return (
    <form onSubmit={(e) => e.preventDefault()} aria-label="Your decision" className="space-y-3">
      <div>
        <label htmlFor="decision-comment" className={labelClass}>
          Comment <span className="text-bad">*</span>
        </label>
        <textarea
          id="decision-comment"
          rows={3}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          className={inputClass}
          aria-invalid={commentError ? true : undefined}
          aria-describedby={commentError ? "decision-comment-err" : "decision-comment-hint"}
        />
        {commentError ? (
          <p id="decision-comment-err" className="mt-1 text-sm text-bad">
            Comment {commentError}
          </p>
        ) : (
          <p id="decision-comment-hint" className="mt-1 text-xs text-muted">
            Kept with your decision in the audit trail.
          </p>
        )}
      </div>
      <FormError message={error} />
      {approveBlockedBecause && (
        <p className="rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900" data-testid="approve-blocked">
          {approveBlockedBecause}
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        {!approveBlockedBecause && (
          <button type="button" className={buttonClass} disabled={pending !== null} onClick={() => decide("approve")}>
            {pending === "approve" ? "Approving…" : "Approve"}
          </button>
        )}
        <button type="button" className={secondaryButtonClass} disabled={pending !== null} onClick={() => decide("request_changes")}>
          {pending === "request_changes" ? "Sending…" : "Request changes"}
        </button>
        <button type="button" className={dangerButtonClass} disabled={pending !== null} onClick={() => decide("reject")}>
          {pending === "reject" ? "Rejecting…" : "Reject"}
        </button>
      </div>
    </form>
  );
}
