"use client";
import { useRouter } from "next/navigation";
import { formMessage, useApiForm } from "@/components/ui/api-form";
import { FormError } from "@/components/ui/field";
import { buttonClass, labelClass } from "@/components/ui/page";
import type { Question } from "@/lib/mrm/questionnaire";
import type { Assessment } from "@/lib/mrm/schemas";

/** The owner answers the risk questionnaire; the answer comes back as a suggested tier with its reason. */
export function AssessmentForm({ model, questions }: { model: string; questions: Question[] }) {
  const router = useRouter();
  const { mutate, isPending, error, fieldErrors, data } = useApiForm<Assessment>(`/api/v1/models/${model}/assessments`);
  return (
    <form
      aria-label="Risk assessment"
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        const fd = new FormData(e.currentTarget);
        mutate(
          { answers: questions.map((q) => ({ question: q.id, option: String(fd.get(q.id) ?? "") })) },
          { onSuccess: () => router.refresh() },
        );
      }}
    >
      {questions.map((q, i) => (
        <div key={q.id}>
          <label htmlFor={`q-${q.id}`} className={labelClass}>
            {q.text}
          </label>
          <select
            id={`q-${q.id}`}
            name={q.id}
            required
            defaultValue=""
            className="w-full rounded-md border border-line bg-white px-3 py-2 text-sm"
          >
            <option value="" disabled>
              Choose…
            </option>
            {q.options.map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
              </option>
            ))}
          </select>
          {q.help && <p className="mt-1 text-xs text-muted">{q.help}</p>}
          {fieldErrors[`answers[${i}].option`] && <p className="mt-1 text-sm text-bad">{fieldErrors[`answers[${i}].option`]}</p>}
        </div>
      ))}
      <FormError message={formMessage(error, fieldErrors)} />
      {data && (
        <p role="status" className="text-sm">
          Suggested tier: <strong>{data.suggestedTier}</strong>. {data.reason} Compliance confirms or overrides it.
        </p>
      )}
      <button type="submit" className={buttonClass} disabled={isPending}>
        {isPending ? "Submitting…" : "Submit answers"}
      </button>
    </form>
  );
}
