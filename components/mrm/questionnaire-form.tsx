"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ApiError, apiFetch } from "@/components/ui/api-form";
import { FormError } from "@/components/ui/field";
import { buttonClass, inputClass, labelClass } from "@/components/ui/page";
import type { Question } from "@/lib/mrm/questionnaire";

/** The risk questionnaire as JSON (each question's options point to a tier); saving makes a new version. */
export function QuestionnaireForm({ questions }: { questions: Question[] }) {
  const router = useRouter();
  const [text, setText] = useState(JSON.stringify(questions, null, 2));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<number | null>(null);
  return (
    <form
      aria-label="Risk questionnaire"
      className="space-y-4"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        setSaved(null);
        try {
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            setError("The questions are not valid JSON.");
            return;
          }
          const q = await apiFetch<{ version: number }>("/api/v1/risk-questionnaire", "PUT", { questions: parsed });
          setSaved(q.version);
          router.refresh();
        } catch (err) {
          setError(
            err instanceof ApiError
              ? `${err.body.message} ${err.body.details.map((d) => `${d.path} ${d.message}`).join("; ")}`
              : "Could not save. Try again.",
          );
        } finally {
          setBusy(false);
        }
      }}
    >
      <div>
        <label htmlFor="questions" className={labelClass}>
          Questions
        </label>
        <textarea
          id="questions"
          rows={24}
          className={`${inputClass} font-mono text-xs`}
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-describedby="questions-hint"
        />
        <p id="questions-hint" className="mt-1 text-xs text-muted">
          Each question: an id, its text, optional help, and options (id, label, tier low | medium | high | critical). The suggested tier is
          the highest any answer points to.
        </p>
      </div>
      <FormError message={error} />
      <div className="flex items-center gap-3">
        <button type="submit" className={buttonClass} disabled={busy}>
          {busy ? "Saving…" : "Save as a new version"}
        </button>
        {saved !== null && (
          <p role="status" className="text-sm">
            Saved as version {saved}.
          </p>
        )}
      </div>
    </form>
  );
}
