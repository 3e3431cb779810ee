"use client";
import { useRouter } from "next/navigation";
import { formMessage, useApiForm } from "@/components/ui/api-form";
import { Field, FormError } from "@/components/ui/field";
import { buttonClass, inputClass, labelClass } from "@/components/ui/page";

const TIERS = ["low", "medium", "high", "critical"] as const;

export function RegisterModelForm({ defaultOwner }: { defaultOwner: string }) {
  const router = useRouter();
  const form = useApiForm<{ name: string }>("/api/v1/models");
  const e = form.fieldErrors;

  function onSubmit(ev: React.FormEvent<HTMLFormElement>) {
    ev.preventDefault();
    const f = new FormData(ev.currentTarget);
    const s = (k: string) => String(f.get(k) ?? "").trim();
    const tags = s("tags")
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean);
    const body = {
      name: s("name"),
      title: s("title") || undefined,
      description: s("description") || undefined,
      owner: s("owner"),
      team: s("team") || undefined,
      riskTier: s("riskTier"),
      useCase: s("useCase") || undefined,
      tags: tags.length ? tags : undefined,
    };
    form.mutate(body, { onSuccess: (m) => router.push(`/models/${m.name}`) });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="grid max-w-2xl grid-cols-1 gap-4">
      <Field
        name="name"
        label="Name"
        required
        error={e.name}
        hint="A slug: lower-case letters, digits, '.', '_' or '-'. It cannot be changed later."
        autoComplete="off"
      />
      <Field name="title" label="Title" error={e.title} />
      <Field name="description" label="Description" textarea error={e.description} />
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <Field name="owner" label="Owner (email)" type="email" required defaultValue={defaultOwner} error={e.owner} />
        <Field name="team" label="Team" error={e.team} />
      </div>
      <div>
        <label htmlFor="fld-riskTier" className={labelClass}>
          Risk tier<span className="text-bad"> *</span>
        </label>
        <select
          id="fld-riskTier"
          name="riskTier"
          defaultValue=""
          required
          className={inputClass}
          aria-invalid={e.riskTier ? true : undefined}
          aria-describedby={e.riskTier ? "fld-riskTier-err" : undefined}
        >
          <option value="" disabled>
            Choose…
          </option>
          {TIERS.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        {e.riskTier && (
          <p id="fld-riskTier-err" className="mt-1 text-sm text-bad">
            Risk tier {e.riskTier}
          </p>
        )}
      </div>
      <Field name="useCase" label="Use case" error={e.useCase} />
      <Field
        name="tags"
        label="Tags"
        hint="Comma-separated, e.g. lending, tabular"
        error={Object.entries(e).find(([k]) => k.startsWith("tags"))?.[1]}
      />
      <FormError message={formMessage(form.error, e)} />
      <div>
        <button type="submit" className={buttonClass} disabled={form.isPending}>
          {form.isPending ? "Registering…" : "Register model"}
        </button>
      </div>
    </form>
  );
}
