"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { formMessage, useApiForm } from "@/components/ui/api-form";
import { dangerButtonClass } from "@/components/ui/confirm-action";
import { Field, FormError } from "@/components/ui/field";
import { secondaryButtonClass } from "@/components/ui/page";
import type { ReleaseView } from "@/lib/releases/schemas";

/** Start an expedited rollback: one approval from anyone but you, checks shown but not blocking. */
export function RollbackForm({ model, from, to }: { model: string; from: string; to: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const { mutate, isPending, error, fieldErrors } = useApiForm<ReleaseView>(`/api/v1/models/${model}/rollback`);
  if (!open)
    return (
      <div className="space-y-2">
        <p className="text-sm text-muted">
          Put <span className="font-mono">{to}</span> back in place of <span className="font-mono">{from}</span>. One approval from anyone
          but you; the evidence is shown but does not block.
        </p>
        <button type="button" className={secondaryButtonClass} onClick={() => setOpen(true)}>
          Roll back to {to}…
        </button>
      </div>
    );
  return (
    <form
      aria-label="Roll back"
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        mutate(
          { reason: String(new FormData(e.currentTarget).get("reason") ?? "") },
          { onSuccess: (r) => router.push(`/releases/${r.id}`) },
        );
      }}
    >
      <Field
        name="reason"
        label="Reason"
        textarea
        required
        error={fieldErrors.reason}
        hint="What went wrong in production; the deployer and reviewers read this."
      />
      <FormError message={formMessage(error, fieldErrors)} />
      <div className="flex flex-wrap gap-2">
        <button type="submit" className={dangerButtonClass} disabled={isPending}>
          {isPending ? "Starting…" : `Start rollback to ${to}`}
        </button>
        <button type="button" className={secondaryButtonClass} onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
