import { redirect } from "next/navigation";
import { AppShell } from "@/components/shell/app-shell";
import { sessionActor } from "@/lib/auth/current";

export const dynamic = "force-dynamic";

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const actor = await sessionActor();
  if (!actor) redirect("/login");
  return <AppShell actor={actor}>{children}</AppShell>;
}
