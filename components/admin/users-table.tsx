"use client";
import Link from "next/link";
import { Fragment, useState } from "react";
import { RoleBadge } from "@/components/ui/badges";
import { EmailText } from "@/components/ui/email-text";
import type { UserView } from "@/lib/auth/users";
import { formatDay } from "@/lib/format";
import { UserManagePanel } from "./user-manage-panel";

const smallButton =
  "inline-flex items-center justify-center whitespace-nowrap rounded-md border border-line bg-white px-2.5 py-1 text-sm font-medium text-ink hover:bg-slate-50";

export function StatusBadge({ disabled }: { disabled: boolean }) {
  return disabled ? (
    <span className="inline-flex items-center whitespace-nowrap rounded-full bg-red-50 px-2 py-0.5 text-xs font-medium text-bad ring-1 ring-inset ring-red-300">
      disabled
    </span>
  ) : (
    <span className="inline-flex items-center whitespace-nowrap rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-ok ring-1 ring-inset ring-emerald-300">
      active
    </span>
  );
}

/** Every user, with a row that opens below it to change their roles or access. */
export function UsersTable({ users, selfEmail }: { users: UserView[]; selfEmail: string }) {
  const [open, setOpen] = useState<string | null>(null);
  return (
    <div className="overflow-x-auto rounded-lg border border-line bg-panel">
      <table className="w-full text-left text-sm" data-testid="users-table">
        <caption className="sr-only">Users ({users.length})</caption>
        <thead className="border-b border-line bg-slate-50 text-xs uppercase tracking-wide text-muted">
          <tr>
            <th scope="col" className="px-3 py-2">
              Name and email
            </th>
            <th scope="col" className="hidden px-3 py-2 sm:table-cell">
              Roles
            </th>
            <th scope="col" className="hidden px-3 py-2 sm:table-cell">
              Status
            </th>
            <th scope="col" className="hidden px-3 py-2 lg:table-cell">
              Created
            </th>
            <th scope="col" className="px-3 py-2">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => {
            const isOpen = open === u.email;
            const panelId = `manage-${u.email.replace(/[^a-z0-9]/gi, "-")}`;
            return (
              <Fragment key={u.email}>
                <tr
                  className={`border-b border-line ${isOpen ? "bg-slate-50" : "last:border-0"}`}
                  data-testid="user-row"
                  data-email={u.email}
                >
                  <td className="px-3 py-2 align-top">
                    <div className="font-medium">{u.name}</div>
                    <div className="text-muted">
                      <EmailText email={u.email} />
                    </div>
                    <div className="mt-1 flex flex-wrap gap-1 sm:hidden">
                      <StatusBadge disabled={u.disabled} />
                      {u.roles.map((r) => (
                        <RoleBadge key={r} role={r} />
                      ))}
                    </div>
                  </td>
                  <td className="hidden px-3 py-2 align-top sm:table-cell">
                    <div className="flex flex-wrap gap-1">
                      {u.roles.map((r) => (
                        <RoleBadge key={r} role={r} />
                      ))}
                    </div>
                  </td>
                  <td className="hidden px-3 py-2 align-top sm:table-cell" data-testid="user-status">
                    <StatusBadge disabled={u.disabled} />
                  </td>
                  <td className="hidden whitespace-nowrap px-3 py-2 align-top lg:table-cell">{formatDay(u.createdAt)}</td>
                  <td className="px-3 py-2 align-top">
                    <div className="flex flex-col items-stretch justify-end gap-1.5 sm:flex-row sm:items-start">
                      <Link
                        href={`/admin/users/${encodeURIComponent(u.email)}`}
                        className={smallButton}
                        aria-label={`Tokens of ${u.email}`}
                      >
                        Tokens
                      </Link>
                      <button
                        type="button"
                        className={smallButton}
                        aria-expanded={isOpen}
                        aria-controls={isOpen ? panelId : undefined}
                        aria-label={`${isOpen ? "Close" : "Manage"} ${u.email}`}
                        onClick={() => setOpen(isOpen ? null : u.email)}
                      >
                        {isOpen ? "Close" : "Manage"}
                      </button>
                    </div>
                  </td>
                </tr>
                {isOpen && (
                  <tr className="border-b border-line bg-slate-50 last:border-0">
                    <td colSpan={5} className="px-3 pb-4 pt-1" id={panelId}>
                      <UserManagePanel user={u} isSelf={u.email === selfEmail} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
