"use client";
import { useRouter } from "next/navigation";
import { formMessage, useApiForm } from "@/components/ui/api-form";
import { Field, FormError } from "@/components/ui/field";
import { secondaryButtonClass } from "@/components/ui/page";

/** Emails typed one a line or separated by commas or spaces; empty entries dropped. */
const emails = (s: string) =>
  s
    .split(/[\s,;]+/)
    .map((e) => e.trim())
    .filter(Boolean);

/**
 * The owner (or an admin) names the people and service accounts who may write the model's evidence beside them.
 * Offered only to those the policy allows (model.update); the API refuses anyone else anyway.
 */
export function MaintainersForm({ model, maintainers }: { model: string; maintainers: string[] }) {
  const router = useRouter();
  const form = useApiForm<{ maintainers: string[] }>(`/api/v1/models/${model}`, "PATCH");
  const e = form.fieldErrors;
  const fieldError = Object.entries(e).find(([k]) => k.startsWith("maintainers"))?.[1];
  return (
    <form
      noValidate
      className="mt-3 grid gap-2"
      onSubmit={(ev) => {
        ev.preventDefault();
        const f = new FormData(ev.currentTarget);
        form.mutate({ maintainers: emails(String(f.get("maintainers") ?? "")) }, { onSuccess: () => router.refresh() });
      }}
    >
      <Field
        name="maintainers"
        label="Maintainers"
        textarea
        defaultValue={maintainers.join("\n")}
        error={fieldError}
        hint="One email a line: people or service accounts (e.g. the training pipeline's) who may register versions and write cards, evaluations, bias audits and reference profiles. They may not decide this model's releases."
      />
      <FormError message={formMessage(form.error, fieldError ? {} : e)} />
      <div>
        <button type="submit" className={secondaryButtonClass} disabled={form.isPending}>
          {form.isPending ? "Saving…" : "Save maintainers"}
        </button>
        {form.isSuccess && (
          <span role="status" className="ml-3 text-sm text-muted">
            Saved.
          </span>
        )}
      </div>
    </form>
  );
}
