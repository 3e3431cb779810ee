"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { useApiForm } from "@/components/ui/api-form";
import { Field, FormError } from "@/components/ui/field";
import { buttonClass } from "@/components/ui/page";
import type { Role } from "@/lib/auth/roles";
import type { UserView } from "@/lib/auth/users";
import { RoleCheckboxes } from "./role-checkboxes";

const firstError = (e: Record<string, string>, prefix: string) =>
  Object.entries(e).find(([k]) => k === prefix || k.startsWith(`${prefix}[`))?.[1];

/** POST /api/v1/users; the API's per-field errors appear under the fields. */
export function CreateUserForm({ passwordOptional }: { passwordOptional: boolean }) {
  const router = useRouter();
  const ref = useRef<HTMLFormElement>(null);
  const form = useApiForm<UserView>("/api/v1/users");
  const [local, setLocal] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<UserView | null>(null);
  const e = { ...form.fieldErrors, ...local };

  function onSubmit(ev: React.FormEvent<HTMLFormElement>) {
    ev.preventDefault();
    const f = new FormData(ev.currentTarget);
    const s = (k: string) => String(f.get(k) ?? "").trim();
    const password = String(f.get("password") ?? "");
    const roles = f.getAll("roles").map(String) as Role[];
    const missing: Record<string, string> = {};
    if (!passwordOptional && !password) missing.password = "is required: at least 12 characters";
    setLocal(missing);
    setCreated(null);
    if (Object.keys(missing).length) return;
    form.mutate(
      { email: s("email"), name: s("name"), roles, password: password || undefined },
      {
        onSuccess: (u) => {
          ref.current?.reset();
          setCreated(u);
          router.refresh();
        },
      },
    );
  }

  return (
    <form ref={ref} onSubmit={onSubmit} noValidate className="grid grid-cols-1 gap-4" aria-label="Create a user">
      <Field name="email" label="Email" type="email" required autoComplete="off" error={e.email} />
      <Field name="name" label="Name" required autoComplete="off" error={e.name} />
      <RoleCheckboxes idPrefix="new" defaultValue={["viewer"]} error={firstError(e, "roles")} />
      <Field
        name="password"
        label="Initial password"
        type="password"
        required={!passwordOptional}
        autoComplete="new-password"
        minLength={12}
        error={e.password}
        hint={
          passwordOptional
            ? "At least 12 characters; leave empty if they sign in with single sign-on only. Give it to them by a safe channel."
            : "At least 12 characters. Give it to them by a safe channel."
        }
      />
      <FormError message={form.error?.message} />
      <div role="status" aria-live="polite">
        {created && (
          <p className="rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm" data-testid="user-created">
            Created <strong>{created.email}</strong> ({created.roles.join(", ")}).{" "}
            <Link href={`/admin/users/${encodeURIComponent(created.email)}`} className="text-brand underline">
              Issue them a token
            </Link>
            , or let them sign in and issue their own.
          </p>
        )}
      </div>
      <div>
        <button type="submit" className={buttonClass} disabled={form.isPending}>
          {form.isPending ? "Creating…" : "Create user"}
        </button>
      </div>
    </form>
  );
}
