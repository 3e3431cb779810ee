import type { Metadata } from "next";
import { RegisterModelForm } from "@/components/inventory/register-model-form";
import { EmptyState, PageHeader } from "@/components/ui/page";
import { requirePageActor } from "@/lib/auth/page";
import { can } from "@/lib/auth/policy";

export const metadata: Metadata = { title: "Register a model" };
export const dynamic = "force-dynamic";

export default async function NewModelPage() {
  const actor = await requirePageActor();
  return (
    <>
      <PageHeader title="Register a model" crumbs={[{ href: "/models", label: "Models" }]} />
      {can(actor, "model.create") ? (
        <RegisterModelForm defaultOwner={actor.email} />
      ) : (
        <EmptyState title="Only contributors can register models.">Ask an admin for the contributor role.</EmptyState>
      )}
    </>
  );
}
