"use client";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { formMessage, useApiForm } from "@/components/ui/api-form";
import { Field, FormError } from "@/components/ui/field";
import { buttonClass, inputClass, labelClass, secondaryButtonClass } from "@/components/ui/page";
import { CATEGORY_TITLES, SERIOUS_CATEGORIES } from "@/lib/incidents/deadline";
import { INCIDENT_STATUSES, type IncidentView } from "@/lib/incidents/schemas";

/** Append to the timeline: POST /api/v1/incidents/{id}/timeline. */
export function TimelineForm({ id }: { id: string }) {
  const router = useRouter();
  const m = useApiForm(`/api/v1/incidents/${id}/timeline`);
  return (
    <form
      aria-label="Add to the timeline"
      className="mt-4 grid gap-2"
      data-testid="timeline-form"
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const text = String(new FormData(form).get("text") ?? "").trim();
        m.mutate({ text }, { onSuccess: () => (form.reset(), router.refresh()) });
      }}
    >
      <Field name="text" label="What happened" required error={m.fieldErrors.text} />
      <FormError message={formMessage(m.error, m.fieldErrors)} />
      <div>
        <button type="submit" className={secondaryButtonClass} disabled={m.isPending}>
          Add to the timeline
        </button>
      </div>
    </form>
  );
}

/** Status, impact, decisions affected and root cause: PATCH /api/v1/incidents/{id}. */
export function IncidentEditForm({ incident: i }: { incident: IncidentView }) {
  const id = useId();
  const router = useRouter();
  const [status, setStatus] = useState(i.status);
  const m = useApiForm(`/api/v1/incidents/${i.id}`, "PATCH");
  return (
    <form
      aria-label="Update the incident"
      className="grid gap-3"
      data-testid="incident-edit-form"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const text = (k: string) => String(f.get(k) ?? "").trim() || null;
        const count = text("decisionsAffectedCount");
        m.mutate(
          {
            status,
            impact: text("impact"),
            decisionsAffected: text("decisionsAffected"),
            decisionsAffectedCount: count === null ? null : Number(count),
            rootCause: text("rootCause"),
          },
          { onSuccess: () => router.refresh() },
        );
      }}
    >
      <div>
        <label htmlFor={`${id}-status`} className={labelClass}>
          Status
        </label>
        <select id={`${id}-status`} value={status} onChange={(e) => setStatus(e.target.value as typeof status)} className={inputClass}>
          {INCIDENT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      <Field name="impact" label="Impact" textarea defaultValue={i.impact ?? ""} error={m.fieldErrors.impact} />
      <Field
        name="decisionsAffected"
        label="Decisions affected"
        textarea
        defaultValue={i.decisionsAffected ?? ""}
        error={m.fieldErrors.decisionsAffected}
      />
      <Field
        name="decisionsAffectedCount"
        label="Number of decisions affected"
        type="number"
        min={0}
        defaultValue={i.decisionsAffectedCount ?? ""}
        error={m.fieldErrors.decisionsAffectedCount}
      />
      <Field name="rootCause" label="Root cause" textarea defaultValue={i.rootCause ?? ""} error={m.fieldErrors.rootCause} />
      <FormError message={formMessage(m.error, m.fieldErrors)} />
      <div>
        <button type="submit" className={buttonClass} disabled={m.isPending}>
          Save
        </button>
      </div>
    </form>
  );
}

/** Compliance: the EU AI Act serious-incident flag and the awareness time, or mark the report sent. */
export function SeriousForm({ incident: i }: { incident: IncidentView }) {
  const id = useId();
  const router = useRouter();
  const [category, setCategory] = useState<string>(i.seriousCategory ?? "");
  const m = useApiForm(`/api/v1/incidents/${i.id}`, "PATCH");
  return (
    <form
      aria-label="Serious incident"
      className="grid gap-3"
      data-testid="serious-form"
      onSubmit={(e) => {
        e.preventDefault();
        const aware = String(new FormData(e.currentTarget).get("awareAt") ?? "").trim();
        const intent = (e.nativeEvent as SubmitEvent).submitter?.getAttribute("value");
        if (intent === "reported") return m.mutate({ reported: true }, { onSuccess: () => router.refresh() });
        m.mutate(
          { seriousCategory: category || null, ...(category && aware ? { awareAt: new Date(aware).toISOString() } : {}) },
          { onSuccess: () => router.refresh() },
        );
      }}
    >
      <div>
        <label htmlFor={`${id}-cat`} className={labelClass}>
          Serious incident (EU AI Act Article 73)
        </label>
        <select id={`${id}-cat`} value={category} onChange={(e) => setCategory(e.target.value)} className={inputClass}>
          <option value="">Not a serious incident</option>
          {SERIOUS_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {CATEGORY_TITLES[c]}
            </option>
          ))}
        </select>
      </div>
      <Field
        name="awareAt"
        label="Provider aware at"
        type="datetime-local"
        hint="Default: when it was detected."
        error={m.fieldErrors.awareAt}
      />
      <FormError message={formMessage(m.error, m.fieldErrors)} />
      <div className="flex flex-wrap gap-2">
        <button type="submit" value="flag" className={buttonClass} disabled={m.isPending}>
          Save
        </button>
        {i.seriousCategory && !i.reportedAt && (
          <button type="submit" value="reported" className={secondaryButtonClass} disabled={m.isPending}>
            Mark the report sent
          </button>
        )}
      </div>
    </form>
  );
}
