"use client";
import { useRouter } from "next/navigation";
import { formMessage, useApiForm } from "@/components/ui/api-form";
import { Field, FormError } from "@/components/ui/field";
import { buttonClass, labelClass } from "@/components/ui/page";
import type { Assessment } from "@/lib/mrm/schemas";

const TIERS = ["low", "medium", "high", "critical"] as const;

/** Compliance confirms the suggested tier or overrides it (an override needs a comment). */
export function ConfirmAssessmentForm({ model, id, suggested }: { model: string; id: string; suggested: string }) {
  const router = useRouter();
  const { mutate, isPending, error, fieldErrors } = useApiForm<Assessment>(`/api/v1/models/${model}/assessments/${id}/confirm`);
  return (
    <form
      aria-label="Confirm the tier"
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        const fd = new FormData(e.currentTarget);
        mutate(
          { tier: String(fd.get("tier")), comment: String(fd.get("comment") ?? "") || undefined },
          { onSuccess: () => router.refresh() },
        );
      }}
    >
      <div>
        <label htmlFor="confirm-tier" className={labelClass}>
          Tier
        </label>
        <select
          id="confirm-tier"
          name="tier"
          defaultValue={suggested}
          className="w-full rounded-md border border-line bg-white px-3 py-2 text-sm"
        >
          {TIERS.map((t) => (
            <option key={t} value={t}>
              {t}
              {t === suggested ? " (suggested)" : ""}
            </option>
          ))}
        </select>
      </div>
      <Field
        name="comment"
        label="Comment"
        textarea
        error={fieldErrors.comment}
        hint="Needed when you choose another tier than the suggested one."
      />
      <FormError message={formMessage(error, fieldErrors)} />
      <button type="submit" className={buttonClass} disabled={isPending}>
        {isPending ? "Saving…" : "Set tier"}
      </button>
    </form>
  );
}
