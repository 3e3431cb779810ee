"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { formMessage, useApiForm } from "@/components/ui/api-form";
import { Field, FormError } from "@/components/ui/field";
import { buttonClass } from "@/components/ui/page";
import { OUTCOME_LABEL, OUTCOMES, type Review } from "@/lib/mrm/schemas";

/** The validator ticks the checklist and records the outcome with a comment. */
export function CompleteReviewForm({ review }: { review: Review }) {
  const router = useRouter();
  const [done, setDone] = useState(review.checklist.map((c) => c.done));
  const { mutate, isPending, error, fieldErrors } = useApiForm<Review>(`/api/v1/reviews/${review.id}/complete`);
  return (
    <form
      aria-label="Complete the review"
      className="space-y-5"
      onSubmit={(e) => {
        e.preventDefault();
        const fd = new FormData(e.currentTarget);
        mutate(
          {
            outcome: String(fd.get("outcome") ?? ""),
            comment: String(fd.get("comment") ?? ""),
            checklist: review.checklist.map((c, i) => ({ item: c.item, done: done[i] })),
          },
          { onSuccess: () => router.refresh() },
        );
      }}
    >
      <fieldset>
        <legend className="mb-2 font-semibold">Checklist</legend>
        <ul className="space-y-2">
          {review.checklist.map((c, i) => (
            <li key={c.item}>
              <label className="flex items-start gap-2 text-sm">
                <input
                  type="checkbox"
                  className="mt-1"
                  checked={done[i]}
                  onChange={(e) => setDone((d) => d.map((x, j) => (j === i ? e.target.checked : x)))}
                />
                <span>{c.item}</span>
              </label>
              {fieldErrors[`checklist[${i}].done`] && <p className="text-sm text-bad">{fieldErrors[`checklist[${i}].done`]}</p>}
            </li>
          ))}
        </ul>
      </fieldset>
      <fieldset>
        <legend className="mb-2 font-semibold">Outcome</legend>
        <div className="space-y-1">
          {OUTCOMES.map((o) => (
            <label key={o} className="flex items-center gap-2 text-sm">
              <input type="radio" name="outcome" value={o} required /> {OUTCOME_LABEL[o]}
            </label>
          ))}
        </div>
        {fieldErrors.outcome && <p className="text-sm text-bad">{fieldErrors.outcome}</p>}
      </fieldset>
      <Field
        name="comment"
        label="Comment"
        textarea
        required
        error={fieldErrors.comment}
        hint="What the review found; the owner and compliance read this."
      />
      <FormError message={formMessage(error, fieldErrors)} />
      <button type="submit" className={buttonClass} disabled={isPending}>
        {isPending ? "Recording…" : "Record outcome"}
      </button>
    </form>
  );
}
