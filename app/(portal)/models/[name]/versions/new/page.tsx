import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { RegisterVersionForm } from "@/components/inventory/register-version-form";
import { EmptyState, PageHeader } from "@/components/ui/page";
import { requirePageActor } from "@/lib/auth/page";
import { can, modelSubject } from "@/lib/auth/policy";
import { findModelRow } from "@/lib/inventory/models";

export const metadata: Metadata = { title: "Register a version" };
export const dynamic = "force-dynamic";

export default async function NewVersionPage({ params }: { params: Promise<{ name: string }> }) {
  const actor = await requirePageActor();
  const { name } = await params;
  const m = await findModelRow(name);
  if (!m) notFound();
  return (
    <>
      <PageHeader
        title={`Register a version of ${name}`}
        crumbs={[
          { href: "/models", label: "Models" },
          { href: `/models/${name}`, label: name },
        ]}
      />
      {can(actor, "version.create", modelSubject(m)) ? (
        <RegisterVersionForm model={name} />
      ) : (
        <EmptyState title="Only the model's owner, its maintainers or an admin can register versions.">
          Ask the owner ({m.owner}) to add you as a maintainer, or an admin for the contributor role.
        </EmptyState>
      )}
    </>
  );
}
