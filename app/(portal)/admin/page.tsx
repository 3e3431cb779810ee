import type { Metadata } from "next";
import Link from "next/link";
import { CreateUserForm } from "@/components/admin/create-user-form";
import { UsersTable } from "@/components/admin/users-table";
import { WorkersTable } from "@/components/admin/workers-table";
import { SecuritySection } from "@/components/security/security-section";
import { PageHeader, Panel, secondaryButtonClass } from "@/components/ui/page";
import { RoleRequired } from "@/components/ui/role-required";
import { oidcProvider } from "@/lib/auth/oidc";
import { requirePageActor } from "@/lib/auth/page";
import { can } from "@/lib/auth/policy";
import { listUsers } from "@/lib/auth/users";
import { workersView } from "@/lib/health/lag";
import { securitySummary } from "@/lib/security/events";
import { recordPageRefusal } from "@/lib/security/record";

export const metadata: Metadata = { title: "Admin" };
export const dynamic = "force-dynamic";

export default async function AdminPage() {
  const actor = await requirePageActor();
  if (!can(actor, "users.manage"))
    return (
      <>
        <PageHeader title="Admin" />
        {await recordPageRefusal(actor, "/admin", "needs users.manage")}
        <RoleRequired roles={["admin"]} what="Managing users, their roles and their tokens is for admins." />
      </>
    );
  const now = new Date().getTime();
  const [users, security, workers] = await Promise.all([listUsers(actor), securitySummary(actor), workersView(actor, now)]);
  const disabled = users.filter((u) => u.disabled).length;
  return (
    <>
      <PageHeader
        title="Admin"
        subtitle={`${users.length} users${disabled ? `, ${disabled} disabled` : ""}. Change a user's roles or access with Manage; their API tokens with Tokens.`}
        actions={
          <>
            <Link href="/admin/policies" className={secondaryButtonClass}>
              Release policy
            </Link>
            <Link href="/admin/webhooks" className={secondaryButtonClass}>
              Webhooks
            </Link>
            <Link href="/admin/kpis" className={secondaryButtonClass}>
              KPIs
            </Link>
            <a href="#create-user-h" className={`${secondaryButtonClass} xl:hidden`}>
              Create user
            </a>
          </>
        }
      />
      <div className="grid grid-cols-1 items-start gap-6 xl:grid-cols-[minmax(0,1fr)_22rem]">
        <section aria-labelledby="users-h" className="min-w-0">
          <h2 id="users-h" className="sr-only">
            Users
          </h2>
          <UsersTable users={users} selfEmail={actor.email} />
        </section>
        <Panel title="Create a user" id="create-user-h">
          <CreateUserForm passwordOptional={oidcProvider() !== null} />
        </Panel>
      </div>
      <SecuritySection summary={security} />
      <WorkersTable workers={workers} now={now} />
    </>
  );
}
