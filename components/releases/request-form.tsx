"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { formMessage, useApiForm } from "@/components/ui/api-form";
import { Field, FormError } from "@/components/ui/field";
import { buttonClass, inputClass, labelClass } from "@/components/ui/page";
import type { ReleaseView } from "@/lib/releases/schemas";

/** Request a release of this version: target (chosen on the page, whose checks show above), summary, rollout. */
export function RequestReleaseForm({
  model,
  version,
  target,
  failing,
}: {
  model: string;
  version: string;
  target: "staging" | "production";
  failing: number;
}) {
  const router = useRouter();
  const { mutate, isPending, error, fieldErrors } = useApiForm<ReleaseView>("/api/v1/releases");
  const [strategy, setStrategy] = useState("full");
  return (
    <form
      aria-label="Request release"
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const pct = String(f.get("canaryPercent") ?? "").trim();
        mutate(
          {
            model,
            version,
            targetStage: target,
            summary: String(f.get("summary") ?? ""),
            rollout: { strategy, ...(strategy === "canary" && pct ? { canaryPercent: Number(pct) } : {}) },
          },
          { onSuccess: (r) => router.push(`/releases/${r.id}`) },
        );
      }}
    >
      <Field
        name="summary"
        label="Summary"
        textarea
        required
        rows={4}
        error={fieldErrors.summary}
        hint="What changes for users and why it is ready: reviewers read this first."
      />
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <div>
          <label htmlFor="fld-strategy" className={labelClass}>
            Rollout
          </label>
          <select id="fld-strategy" className={inputClass} value={strategy} onChange={(e) => setStrategy(e.target.value)}>
            <option value="full">Full</option>
            <option value="canary">Canary</option>
            <option value="blue-green">Blue-green</option>
            <option value="shadow">Shadow</option>
          </select>
        </div>
        {strategy === "canary" && (
          <Field
            name="canaryPercent"
            label="Canary traffic (%)"
            type="number"
            min={0.1}
            max={99.9}
            step={0.1}
            defaultValue={5}
            error={fieldErrors["rollout.canaryPercent"]}
          />
        )}
      </div>
      {failing > 0 && (
        <p className="rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900">
          {failing} blocking check{failing === 1 ? " fails" : "s fail"}. You can request now, but reviewers cannot approve until the
          evidence is fixed.
        </p>
      )}
      <FormError message={formMessage(error, fieldErrors)} />
      <button type="submit" className={buttonClass} disabled={isPending}>
        {isPending ? "Requesting…" : `Request release to ${target}`}
      </button>
    </form>
  );
}
