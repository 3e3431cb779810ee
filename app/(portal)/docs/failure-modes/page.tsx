import fs from "node:fs/promises";
import path from "node:path";
import type { Metadata } from "next";
import { FailureModesGuide } from "@/components/coverage/guide";
import { PageHeader } from "@/components/ui/page";
import { requirePageActor } from "@/lib/auth/page";

export const metadata: Metadata = { title: "Failure modes" };
export const dynamic = "force-dynamic";

export default async function FailureModesPage() {
  await requirePageActor();
  const md = await fs.readFile(path.join(process.cwd(), "docs", "FAILURE-MODES.md"), "utf8");
  // The file's own title is the page header.
  const body = md.startsWith("# ") ? md.slice(md.indexOf("\n") + 1) : md;
  return (
    <>
      <PageHeader
        crumbs={[{ href: "/dashboards/on-call", label: "On-call" }]}
        title="Failure modes"
        subtitle="The eight ways a production model fails, the signal that catches each, and what to do first."
      />
      <FailureModesGuide markdown={body} />
    </>
  );
}
