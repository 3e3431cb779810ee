"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ApiError, apiFetch } from "@/components/ui/api-form";
import { FormError } from "@/components/ui/field";
import { secondaryButtonClass } from "@/components/ui/page";

/** Publish the tree head now (before an audit, say), instead of waiting for the schedule. */
export function PublishNowButton() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function publish() {
    setPending(true);
    setError(null);
    setMessage(null);
    try {
      const r = await apiFetch<{ published: boolean; latest: { size: number } | null }>("/api/v1/audit/checkpoints", "POST", {});
      setMessage(
        r.published
          ? `Published a checkpoint of ${r.latest?.size.toLocaleString("en-GB")} entries.`
          : "The head is already published; nothing new to sign.",
      );
      router.refresh();
    } catch (e) {
      setError(e instanceof ApiError ? e.body.message : "The checkpoint could not be published. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }
  return (
    <div className="mt-3">
      <button type="button" className={secondaryButtonClass} onClick={publish} disabled={pending} data-testid="publish-now">
        {pending ? "Publishing…" : "Publish a checkpoint now"}
      </button>
      <p role="status" className="mt-1 text-sm text-ok">
        {message}
      </p>
      <FormError message={error} />
    </div>
  );
}
