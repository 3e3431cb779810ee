import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { RegisterVersionForm } from "@/components/inventory/register-version-form";
import { EmptyState, PageHeader } from "@/components/ui/page";
import { can } from "@/lib/auth/actor";
import { requirePageActor } from "@/lib/auth/page";
import { findModelRow } from "@/lib/inventory/models";

export const metadata: Metadata = { title: "Register a version" };
export const dynamic = "force-dynamic";

export default async function NewVersionPage({ params }: { params: Promise<{ name: string }> }) {
  const actor = await requirePageActor();
  const { name } = await params;
  if (!(await findModelRow(name))) notFound();
  return (
    <>
      <PageHeader title={`Register a version of ${name}`} crumbs={[{ href: "/models", label: "Models" }, { href: `/models/${name}`, label: name }]} />
      {can(actor, "inventory.write") ? (
        <RegisterVersionForm model={name} />
      ) : (
        <EmptyState title="Only contributors can register versions.">Ask an admin for the contributor role.</EmptyState>
      )}
    </>
  );
}
