"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { formMessage, useApiForm } from "@/components/ui/api-form";
import { Field, FormError } from "@/components/ui/field";
import { buttonClass, inputClass, labelClass } from "@/components/ui/page";
import type { OnCallViewData } from "@/lib/dashboards/schemas";
import { when } from "./format";

type Silence = OnCallViewData["silences"][number];

/** A datetime-local value (the browser's zone) some hours from now. */
function localIn(hours: number): string {
  const d = new Date(Date.now() + hours * 3_600_000);
  d.setSeconds(0, 0);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function SilenceForm({ models, model: initialModel }: { models: OnCallViewData["models"]; model: string | null }) {
  const id = useId();
  const qc = useQueryClient();
  const [model, setModel] = useState(initialModel ?? models[0]?.name ?? "");
  const [version, setVersion] = useState("");
  const [endsAt, setEndsAt] = useState(() => localIn(2));
  const [reason, setReason] = useState("");
  const m = useApiForm<Silence>("/api/v1/silences");
  const versions = models.find((x) => x.name === model)?.versions ?? [];
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const at = new Date(endsAt);
    m.mutate(
      { model, ...(version ? { version } : {}), endsAt: Number.isNaN(at.getTime()) ? endsAt : at.toISOString(), reason },
      {
        onSuccess: () => {
          setReason("");
          qc.invalidateQueries({ queryKey: ["dashboards", "on-call"] });
        },
      },
    );
  };
  return (
    <form onSubmit={submit} className="grid gap-3 sm:grid-cols-2" aria-label="Create a silence" data-testid="silence-form">
      <div>
        <label htmlFor={`${id}-model`} className={labelClass}>
          Model <span className="text-bad">*</span>
        </label>
        <select
          id={`${id}-model`}
          value={model}
          onChange={(e) => {
            setModel(e.target.value);
            setVersion("");
          }}
          className={inputClass}
          aria-invalid={m.fieldErrors.model ? true : undefined}
        >
          {models.map((x) => (
            <option key={x.name} value={x.name}>
              {x.name}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={`${id}-version`} className={labelClass}>
          Version
        </label>
        <select id={`${id}-version`} value={version} onChange={(e) => setVersion(e.target.value)} className={inputClass}>
          <option value="">Every version</option>
          {versions.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      </div>
      <Field
        name="endsAt"
        label="Ends at"
        type="datetime-local"
        required
        value={endsAt}
        onChange={(e) => setEndsAt((e.target as HTMLInputElement).value)}
        hint="Your local time; at most 30 days ahead."
        error={m.fieldErrors.endsAt}
      />
      <Field
        name="reason"
        label="Reason"
        required
        value={reason}
        onChange={(e) => setReason((e.target as HTMLInputElement).value)}
        placeholder="Maintenance window, known incident…"
        error={m.fieldErrors.reason}
      />
      <div className="flex flex-wrap items-center gap-3 sm:col-span-2">
        <button type="submit" className={buttonClass} disabled={m.isPending}>
          {m.isPending ? "Creating…" : "Create silence"}
        </button>
        <FormError message={formMessage(m.error, m.fieldErrors)} />
        {m.isSuccess && (
          <p role="status" className="text-sm text-ok">
            Silenced {m.data.model}
            {m.data.version ? ` ${m.data.version}` : ""} until {when(m.data.endsAt)}.
          </p>
        )}
      </div>
    </form>
  );
}

/** Silences in force, and (for reviewers and admins) a form to add one. Alerts still show; only notifications stop. */
export function SilencesPanel({ data }: { data: OnCallViewData }) {
  return (
    <section aria-labelledby="oc-silences" className="mb-6 rounded-lg border border-line bg-panel p-4 sm:p-5" data-testid="silences-panel">
      <h2 id="oc-silences" className="mb-1 text-lg font-semibold">
        Silences
      </h2>
      <p className="mb-3 text-sm text-muted">
        A silence holds a model's alert notifications (webhooks) until it ends; the alerts still show here, marked silenced.
      </p>
      {data.silences.length === 0 ? (
        <p className="mb-4 text-sm">No silence is in force.</p>
      ) : (
        <ul className="mb-4 divide-y divide-line rounded-md border border-line bg-white" data-testid="silence-list">
          {data.silences.map((s) => (
            <li key={s.id} className="px-3 py-2 text-sm">
              <span className="font-medium">
                {s.model}
                {s.version ? <span className="font-mono"> {s.version}</span> : " (every version)"}
              </span>{" "}
              until <time dateTime={s.endsAt}>{when(s.endsAt)}</time>
              <div className="text-xs text-muted break-words">
                {s.reason} · by {s.createdBy}
              </div>
            </li>
          ))}
        </ul>
      )}
      {data.canSilence ? (
        <SilenceForm models={data.models} model={data.model} />
      ) : (
        <p className="text-sm text-muted">Reviewers and admins can create silences.</p>
      )}
    </section>
  );
}
