"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { formMessage, useApiForm } from "@/components/ui/api-form";
import { Field, FormError } from "@/components/ui/field";
import { buttonClass } from "@/components/ui/page";

/** "auc=0.91, f1=0.8" → {auc: 0.91, f1: 0.8}; null when a pair is not name=number. */
function parseMetrics(s: string): Record<string, number> | null {
  const out: Record<string, number> = {};
  for (const part of s
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^([^=]+)=\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)$/i.exec(part);
    if (!m) return null;
    out[m[1].trim()] = Number(m[2]);
  }
  return out;
}

export function RegisterVersionForm({ model }: { model: string }) {
  const router = useRouter();
  const form = useApiForm<{ version: string }>(`/api/v1/models/${model}/versions`);
  const [metricsError, setMetricsError] = useState<string | undefined>();
  const e = form.fieldErrors;

  function onSubmit(ev: React.FormEvent<HTMLFormElement>) {
    ev.preventDefault();
    const f = new FormData(ev.currentTarget);
    const s = (k: string) => String(f.get(k) ?? "").trim();
    const metrics = parseMetrics(s("metrics"));
    if (!metrics) {
      setMetricsError("must be name=number pairs separated by commas, e.g. auc=0.91");
      return;
    }
    setMetricsError(undefined);
    form.mutate(
      {
        version: s("version"),
        description: s("description") || undefined,
        artifactUri: s("artifactUri") || undefined,
        framework: s("framework") || undefined,
        gitCommit: s("gitCommit") || undefined,
        trainingRunId: s("trainingRunId") || undefined,
        metrics: Object.keys(metrics).length ? metrics : undefined,
      },
      { onSuccess: (v) => router.push(`/models/${model}/versions/${encodeURIComponent(v.version)}`) },
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="grid max-w-2xl grid-cols-1 gap-4">
      <Field name="version" label="Version" required error={e.version} hint="e.g. 1.4.0 or 2026.11.1" autoComplete="off" />
      <Field name="description" label="Description" textarea error={e.description} />
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <Field name="framework" label="Framework" error={e.framework} />
        <Field name="gitCommit" label="Git commit" error={e.gitCommit} />
      </div>
      <Field name="artifactUri" label="Artifact URI" error={e.artifactUri} />
      <Field
        name="trainingRunId"
        label="Training run id (UUID)"
        error={e.trainingRunId}
        hint="The OpenLineage run that trained it, if known."
      />
      <Field
        name="metrics"
        label="Metrics"
        error={metricsError ?? Object.entries(e).find(([k]) => k.startsWith("metrics"))?.[1]}
        hint="name=number pairs, e.g. auc=0.91, f1=0.82"
      />
      <FormError message={formMessage(form.error, e)} />
      <div>
        <button type="submit" className={buttonClass} disabled={form.isPending}>
          {form.isPending ? "Registering…" : "Register version"}
        </button>
      </div>
    </form>
  );
}
