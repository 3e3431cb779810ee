import type { Metadata } from "next";
import Link from "next/link";
import { TokenManager } from "@/components/admin/token-manager";
import { RoleBadge } from "@/components/ui/badges";
import { PageHeader } from "@/components/ui/page";
import { requirePageActor } from "@/lib/auth/page";
import { listTokens } from "@/lib/auth/tokens";

export const metadata: Metadata = { title: "Your account" };
export const dynamic = "force-dynamic";

export default async function AccountPage() {
  const actor = await requirePageActor();
  const tokens = await listTokens(actor, actor.email);
  return (
    <>
      <PageHeader
        title="Your account"
        subtitle={
          <span className="flex flex-wrap items-center gap-2">
            {actor.name} · <span className="break-all">{actor.email}</span>
            {actor.roles.map((r) => (
              <RoleBadge key={r} role={r} />
            ))}
          </span>
        }
      />
      <p className="mb-6 max-w-3xl text-sm text-muted">
        API tokens let scripts and pipelines call the{" "}
        <Link href="/docs" className="text-brand underline">
          Steward API
        </Link>{" "}
        as you, with your roles, narrowed to the scopes you choose. Roles are changed by an admin.
      </p>
      <TokenManager email={actor.email} tokens={tokens} ownerDisabled={false} self />
    </>
  );
}
