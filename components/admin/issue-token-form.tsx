"use client";
import { useRef, useState } from "react";
import { useApiForm } from "@/components/ui/api-form";
import { Field, FormError } from "@/components/ui/field";
import { buttonClass, inputClass, labelClass } from "@/components/ui/page";
import { SCOPES } from "@/lib/auth/roles";
import { SCOPE_HELP } from "./scope-help";

export type IssuedToken = { id: string; name: string; scopes: string[]; expiresAt: string | null; token: string };

const todayUtc = () => new Date().toISOString().slice(0, 10);

/** POST /api/v1/users/{email}/tokens. The expiry is a day: the token stops working at its end, UTC. */
export function IssueTokenForm({ email, onIssued }: { email: string; onIssued: (t: IssuedToken) => void }) {
  const ref = useRef<HTMLFormElement>(null);
  const form = useApiForm<IssuedToken>(`/api/v1/users/${encodeURIComponent(email)}/tokens`);
  const [local, setLocal] = useState<Record<string, string>>({});
  const e = { ...form.fieldErrors, ...local };
  const scopesError = Object.entries(e).find(([k]) => k.startsWith("scopes"))?.[1];

  function onSubmit(ev: React.FormEvent<HTMLFormElement>) {
    ev.preventDefault();
    const f = new FormData(ev.currentTarget);
    const day = String(f.get("expiresOn") ?? "");
    const bad: Record<string, string> = {};
    if (day && day < todayUtc()) bad.expiresAt = "must be today or later";
    setLocal(bad);
    if (Object.keys(bad).length) return;
    form.mutate(
      {
        name: String(f.get("name") ?? "").trim(),
        scopes: f.getAll("scopes").map(String),
        expiresAt: day ? `${day}T23:59:59Z` : undefined,
      },
      {
        onSuccess: (t) => {
          ref.current?.reset();
          onIssued(t);
        },
      },
    );
  }

  return (
    <form ref={ref} onSubmit={onSubmit} noValidate className="grid grid-cols-1 gap-4" aria-label="Issue a token">
      <Field
        name="name"
        label="Name"
        required
        autoComplete="off"
        error={e.name}
        hint="What uses it, e.g. “training pipeline” or “CI deploy”."
      />
      <fieldset aria-describedby={scopesError ? "fld-scopes-err" : undefined}>
        <legend className="mb-1 text-sm font-medium">
          Scopes<span className="text-bad"> *</span>
        </legend>
        <div className="space-y-1.5">
          {SCOPES.map((s) => (
            <div key={s} className="flex items-start gap-2">
              <input
                id={`fld-scope-${s}`}
                type="checkbox"
                name="scopes"
                value={s}
                defaultChecked={s === "read"}
                className="mt-0.5 size-4 accent-brand"
              />
              <label htmlFor={`fld-scope-${s}`} className="text-sm">
                <span className="font-medium">{s}</span> <span className="text-muted">— {SCOPE_HELP[s]}</span>
              </label>
            </div>
          ))}
        </div>
        <p className="mt-1 text-xs text-muted">The token acts as its user, with their roles, narrowed to these scopes.</p>
        {scopesError && (
          <p id="fld-scopes-err" className="mt-1 text-sm text-bad">
            Scopes {scopesError}
          </p>
        )}
      </fieldset>
      <div>
        <label htmlFor="fld-expiresOn" className={labelClass}>
          Expires on (optional)
        </label>
        <input
          id="fld-expiresOn"
          name="expiresOn"
          type="date"
          min={todayUtc()}
          className={inputClass}
          aria-invalid={e.expiresAt ? true : undefined}
          aria-describedby={`fld-expiresOn-hint${e.expiresAt ? " fld-expiresOn-err" : ""}`}
        />
        <p id="fld-expiresOn-hint" className="mt-1 text-xs text-muted">
          It stops working at the end of that day (UTC). Leave empty for no expiry, and revoke it when it is no longer needed.
        </p>
        {e.expiresAt && (
          <p id="fld-expiresOn-err" className="mt-1 text-sm text-bad">
            Expiry {e.expiresAt}
          </p>
        )}
      </div>
      <FormError message={form.error?.message} />
      <div>
        <button type="submit" className={buttonClass} disabled={form.isPending}>
          {form.isPending ? "Issuing…" : "Issue token"}
        </button>
      </div>
    </form>
  );
}
