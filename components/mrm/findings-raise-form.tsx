"use client";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { formMessage, useApiForm } from "@/components/ui/api-form";
import { Field, FormError } from "@/components/ui/field";
import { buttonClass, inputClass, labelClass } from "@/components/ui/page";
import type { FindingView } from "@/lib/findings/schemas";
import { SEVERITIES } from "@/lib/findings/status";

/** Raise a finding against a model (reviewers, compliance): POST /api/v1/findings, then the finding's page. */
export function RaiseFindingForm({
  model,
  versions,
  owner,
  incidentId,
}: {
  model: string;
  versions: string[];
  owner: string;
  incidentId?: string;
}) {
  const id = useId();
  const router = useRouter();
  const [version, setVersion] = useState("");
  const [severity, setSeverity] = useState<(typeof SEVERITIES)[number]>("high");
  const m = useApiForm<FindingView>("/api/v1/findings");
  const submit = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (k: string) => String(f.get(k) ?? "").trim();
    m.mutate(
      {
        model,
        ...(version ? { version } : {}),
        ...(incidentId ? { incidentId } : {}),
        severity,
        title: text("title"),
        description: text("description"),
        ...(text("owner") ? { owner: text("owner") } : {}),
        ...(text("dueDate") ? { dueDate: text("dueDate") } : {}),
      },
      { onSuccess: (created) => router.push(`/findings/${created.id}`) },
    );
  };
  return (
    <form onSubmit={submit} className="grid gap-3" aria-label="Raise a finding" data-testid="raise-finding-form">
      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <label htmlFor={`${id}-severity`} className={labelClass}>
            Severity <span className="text-bad">*</span>
          </label>
          <select
            id={`${id}-severity`}
            value={severity}
            onChange={(e) => setSeverity(e.target.value as typeof severity)}
            className={inputClass}
          >
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-version`} className={labelClass}>
            Version
          </label>
          <select id={`${id}-version`} value={version} onChange={(e) => setVersion(e.target.value)} className={inputClass}>
            <option value="">The model as a whole</option>
            {versions.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </div>
      </div>
      <Field name="title" label="Title" required maxLength={200} error={m.fieldErrors.title} />
      <Field name="description" label="What is wrong" required textarea error={m.fieldErrors.description} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field name="owner" label="Owner (email)" type="email" placeholder={owner} hint={`Default: ${owner}`} error={m.fieldErrors.owner} />
        <Field
          name="dueDate"
          label="Due date"
          type="date"
          hint="Default: 30 days for critical, 60 high, 90 medium, 180 low"
          error={m.fieldErrors.dueDate}
        />
      </div>
      <FormError message={formMessage(m.error, m.fieldErrors)} />
      <div>
        <button type="submit" className={buttonClass} disabled={m.isPending}>
          {m.isPending ? "Raising…" : "Raise the finding"}
        </button>
      </div>
    </form>
  );
}
