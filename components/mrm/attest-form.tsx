"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { formMessage, useApiForm } from "@/components/ui/api-form";
import { Field, FormError } from "@/components/ui/field";
import { buttonClass, secondaryButtonClass } from "@/components/ui/page";
import { ATTESTATION_STATEMENT, type Attestation } from "@/lib/mrm/schemas";

/** The owner attests that the model's records are accurate and complete. */
export function AttestForm({ model }: { model: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const { mutate, isPending, error, fieldErrors, isSuccess } = useApiForm<Attestation>(`/api/v1/models/${model}/attestations`);
  if (isSuccess)
    return (
      <p className="text-sm" role="status">
        Attested. Thank you.
      </p>
    );
  if (!open)
    return (
      <button type="button" className={secondaryButtonClass} onClick={() => setOpen(true)}>
        Attest records…
      </button>
    );
  return (
    <form
      aria-label="Attest records"
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        const fd = new FormData(e.currentTarget);
        mutate(
          { statementAccepted: fd.get("accept") === "on", comment: String(fd.get("comment") ?? "") || undefined },
          { onSuccess: () => router.refresh() },
        );
      }}
    >
      <p className="text-sm">{ATTESTATION_STATEMENT}</p>
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="accept" className="mt-1" required /> I accept this statement.
      </label>
      {fieldErrors.statementAccepted && <p className="text-sm text-bad">{fieldErrors.statementAccepted}</p>}
      <Field name="comment" label="Comment" textarea error={fieldErrors.comment} hint="Optional: what you checked or changed." />
      <FormError message={formMessage(error, fieldErrors)} />
      <div className="flex flex-wrap gap-2">
        <button type="submit" className={buttonClass} disabled={isPending}>
          {isPending ? "Attesting…" : "Attest"}
        </button>
        <button type="button" className={secondaryButtonClass} onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
