import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { TokenManager } from "@/components/admin/token-manager";
import { StatusBadge } from "@/components/admin/users-table";
import { RoleBadge } from "@/components/ui/badges";
import { EmailText } from "@/components/ui/email-text";
import { PageHeader } from "@/components/ui/page";
import { RoleRequired } from "@/components/ui/role-required";
import { requirePageActor } from "@/lib/auth/page";
import { can } from "@/lib/auth/policy";
import { listTokens } from "@/lib/auth/tokens";
import { listUsers } from "@/lib/auth/users";
import { recordPageRefusal } from "@/lib/security/record";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ email: string }> }): Promise<Metadata> {
  return { title: `Tokens of ${decodeURIComponent((await params).email)}` };
}

export default async function UserTokensPage({ params }: { params: Promise<{ email: string }> }) {
  const actor = await requirePageActor();
  const email = decodeURIComponent((await params).email).toLowerCase();
  if (!can(actor, "users.manage"))
    return (
      <>
        <PageHeader title="User tokens" crumbs={[{ href: "/admin", label: "Admin" }]} />
        {await recordPageRefusal(actor, `/admin/users/${email}`, "needs users.manage")}
        <RoleRequired roles={["admin"]} what="Managing another user's tokens is for admins." />
      </>
    );
  const user = (await listUsers(actor)).find((u) => u.email === email);
  if (!user) notFound();
  const tokens = await listTokens(actor, email);
  return (
    <>
      <PageHeader
        crumbs={[{ href: "/admin", label: "Admin" }]}
        title={
          <>
            Tokens of <EmailText email={user.email} />
          </>
        }
        subtitle={
          <span className="flex flex-wrap items-center gap-2">
            {user.name} <StatusBadge disabled={user.disabled} />
            {user.roles.map((r) => (
              <RoleBadge key={r} role={r} />
            ))}
          </span>
        }
      />
      <TokenManager email={user.email} tokens={tokens} ownerDisabled={user.disabled} self={user.email === actor.email} />
    </>
  );
}
