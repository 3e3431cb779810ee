"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useApiForm } from "@/components/ui/api-form";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { FormError } from "@/components/ui/field";
import { buttonClass } from "@/components/ui/page";
import type { Role } from "@/lib/auth/roles";
import type { UserView } from "@/lib/auth/users";
import { RoleCheckboxes } from "./role-checkboxes";

/** Change one user's roles, or disable/enable them, through PATCH /api/v1/users/{email}. */
export function UserManagePanel({ user, isSelf }: { user: UserView; isSelf: boolean }) {
  const router = useRouter();
  const path = `/api/v1/users/${encodeURIComponent(user.email)}`;
  const rolesForm = useApiForm<UserView>(path, "PATCH");
  const statusForm = useApiForm<UserView>(path, "PATCH");
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const [saved, setSaved] = useState<string | null>(null);
  const slug = user.email.replace(/[^a-z0-9]/gi, "-");
  const changed = roles.length !== user.roles.length || roles.some((r) => !user.roles.includes(r));

  function saveRoles(ev: React.FormEvent) {
    ev.preventDefault();
    setSaved(null);
    rolesForm.mutate(
      { roles },
      {
        onSuccess: (u) => {
          setRoles(u.roles);
          setSaved(`Roles saved: ${u.roles.join(", ")}.`);
          router.refresh();
        },
      },
    );
  }

  function setDisabled(disabled: boolean, done: () => void) {
    setSaved(null);
    statusForm.mutate(
      { disabled },
      {
        onSuccess: (u) => {
          done();
          setSaved(u.disabled ? `${u.email} is disabled; their sessions and tokens have ended.` : `${u.email} is enabled again.`);
          router.refresh();
        },
      },
    );
  }

  return (
    <div className="grid grid-cols-1 gap-5 md:grid-cols-2">
      <form onSubmit={saveRoles} aria-label={`Roles of ${user.email}`}>
        <RoleCheckboxes
          idPrefix={`m-${slug}`}
          legend={`Roles of ${user.name}`}
          value={roles}
          onChange={setRoles}
          locked={isSelf ? ["admin"] : []}
          compact
          error={Object.entries(rolesForm.fieldErrors).find(([k]) => k.startsWith("roles"))?.[1]}
        />
        <div className="mt-3 flex flex-wrap items-center gap-2">
          <button type="submit" className={buttonClass} disabled={!changed || rolesForm.isPending}>
            {rolesForm.isPending ? "Saving…" : "Save roles"}
          </button>
          {!changed && <span className="text-xs text-muted">Tick or untick a role to change it.</span>}
        </div>
        <div className="mt-2">
          <FormError message={rolesForm.error?.message} />
        </div>
      </form>
      <div>
        <h3 className="mb-1 text-sm font-medium">Access</h3>
        {isSelf ? (
          <p className="text-sm text-muted">This is you. You cannot disable yourself or drop your own admin role; another admin can.</p>
        ) : user.disabled ? (
          <>
            <p className="mb-2 text-sm">Disabled: they cannot sign in, and none of their tokens work.</p>
            <ConfirmAction
              label="Enable user…"
              question={`Enable ${user.email}?`}
              note="They can sign in again with their password. Tokens revoked when they were disabled stay revoked; they will need new ones."
              confirmLabel="Yes, enable"
              pendingLabel="Enabling…"
              pending={statusForm.isPending}
              danger={false}
              onConfirm={(done) => setDisabled(false, done)}
            />
          </>
        ) : (
          <>
            <p className="mb-2 text-sm">Active. Disabling ends their sessions and revokes all their tokens at once.</p>
            <ConfirmAction
              label="Disable user…"
              question={`Disable ${user.email}?`}
              note="This signs them out everywhere and revokes every token they hold, at once. Pipelines using their tokens stop working. You can enable them again later, but the tokens stay revoked."
              confirmLabel="Yes, disable"
              pendingLabel="Disabling…"
              pending={statusForm.isPending}
              onConfirm={(done) => setDisabled(true, done)}
            />
          </>
        )}
        <div className="mt-2">
          <FormError message={statusForm.error?.message} />
        </div>
      </div>
      <p role="status" aria-live="polite" className="text-sm text-ok md:col-span-2" data-testid="user-saved">
        {saved}
      </p>
    </div>
  );
}
