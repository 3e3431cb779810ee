import Link from "next/link";
import type { Actor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/policy";
import { type NavItem, NavLinks } from "./nav-links";
import { RISK_SECTION } from "./risk-tabs";
import { SignOutButton } from "./sign-out";

export function navFor(actor: Actor): NavItem[] {
  const items: NavItem[] = [
    { href: "/", label: "My work" },
    { href: "/models", label: "Models" },
    { href: "/releases", label: "Releases" },
    // Model risk: periodic reviews, findings, incidents and framework coverage, one section with its own tabs.
    { href: "/reviews", label: "Risk", also: RISK_SECTION.map((t) => t.href) },
    { href: "/lineage", label: "Lineage" },
    { href: "/dashboards/on-call", label: "On-call" },
    { href: "/dashboards/debug", label: "Debug" },
    { href: "/dashboards/executive", label: "Executive" },
  ];
  if (can(actor, "audit.read")) items.push({ href: "/audit", label: "Audit trail" });
  if (can(actor, "users.manage")) items.push({ href: "/admin", label: "Admin" });
  items.push({ href: "/docs", label: "API" });
  return items;
}

export function AppShell({ actor, children }: { actor: Actor; children: React.ReactNode }) {
  const items = navFor(actor);
  return (
    <div className="min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <header className="bg-[#14324a] text-white">
        <div className="mx-auto flex max-w-7xl items-center gap-4 px-4 py-2.5">
          <Link href="/" className="text-lg font-semibold tracking-tight text-white">
            Steward
          </Link>
          <nav aria-label="Main" className="hidden md:block">
            <NavLinks items={items} />
          </nav>
          <div className="ml-auto hidden items-center gap-3 md:flex">
            <div className="text-right leading-tight">
              <Link
                href="/account"
                className="text-sm font-medium text-white underline-offset-2 hover:underline"
                data-testid="current-user"
                title="Your account and API tokens"
              >
                {actor.name}
              </Link>
              <div className="text-xs text-white/75" data-testid="current-roles">
                {actor.roles.join(", ")}
              </div>
            </div>
            <SignOutButton />
          </div>
          <details className="relative ml-auto md:hidden">
            <summary className="cursor-pointer list-none rounded-md border border-white/40 px-3 py-1 text-sm">Menu</summary>
            <div className="absolute right-0 z-40 mt-2 w-64 rounded-lg bg-[#14324a] p-3 shadow-lg">
              <nav aria-label="Main (mobile)">
                <NavLinks items={items} vertical />
              </nav>
              <div className="mt-3 border-t border-white/20 pt-3 text-sm">
                <Link href="/account" className="font-medium text-white underline underline-offset-2">
                  {actor.name} · your account
                </Link>
                <div className="mb-2 text-xs text-white/75">{actor.roles.join(", ")}</div>
                <SignOutButton />
              </div>
            </div>
          </details>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-7xl px-4 py-6">
        {children}
      </main>
    </div>
  );
}
