"use client";
import { useRouter } from "next/navigation";
import { formMessage, useApiForm } from "@/components/ui/api-form";
import { Field, FormError } from "@/components/ui/field";
import { buttonClass, inputClass, labelClass } from "@/components/ui/page";
import { OUTCOME_LABEL, OUTCOMES, type Review } from "@/lib/mrm/schemas";

/** Compliance records a review performed before or outside Steward: when, its outcome, what it found, its report. */
export function RecordReviewForm({ model, today }: { model: string; today: string }) {
  const router = useRouter();
  const { mutate, isPending, error, fieldErrors, isSuccess, reset } = useApiForm<Review>(`/api/v1/models/${model}/reviews/recorded`);
  return (
    <form
      aria-label="Record a review performed outside Steward"
      data-testid="record-review-form"
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        const fd = new FormData(e.currentTarget);
        const text = (k: string) => String(fd.get(k) ?? "").trim();
        mutate(
          {
            completedAt: text("recordCompletedAt"),
            outcome: text("recordOutcome"),
            comment: text("recordComment"),
            reference: text("recordReference") || undefined,
          },
          { onSuccess: () => router.refresh() },
        );
      }}
      onChange={() => isSuccess && reset()}
    >
      <p className="text-sm text-muted">
        A validation done before the model was in Steward, or by a third party. It counts like a review completed here: a satisfactory
        outcome sets the next review one interval after its date.
      </p>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <Field name="recordCompletedAt" label="Completed on" type="date" max={today} required error={fieldErrors.completedAt} />
        <div>
          <label htmlFor="fld-recordOutcome" className={labelClass}>
            Outcome<span className="text-bad"> *</span>
          </label>
          <select id="fld-recordOutcome" name="recordOutcome" className={inputClass} required defaultValue="">
            <option value="" disabled>
              Choose…
            </option>
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {OUTCOME_LABEL[o]}
              </option>
            ))}
          </select>
          {fieldErrors.outcome && <p className="mt-1 text-sm text-bad">Outcome {fieldErrors.outcome}</p>}
        </div>
      </div>
      <Field name="recordComment" label="What it found" textarea required error={fieldErrors.comment} />
      <Field
        name="recordReference"
        label="Reference"
        error={fieldErrors.reference}
        hint="Optional: the validation report's number or where it is kept."
        maxLength={300}
      />
      <FormError message={formMessage(error, fieldErrors)} />
      {isSuccess && (
        <p className="text-sm" role="status">
          Recorded.
        </p>
      )}
      <button type="submit" className={buttonClass} disabled={isPending}>
        {isPending ? "Recording…" : "Record the review"}
      </button>
    </form>
  );
}
