"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

/** `also`: other path prefixes that belong to the same section (the item is marked current there too). */
export type NavItem = { href: string; label: string; also?: readonly string[] };

export function NavLinks({ items, vertical = false }: { items: NavItem[]; vertical?: boolean }) {
  const path = usePathname();
  return (
    <ul className={vertical ? "flex flex-col gap-1" : "flex items-center gap-1"}>
      {items.map((i) => {
        const under = (href: string) => path === href || path.startsWith(`${href}/`);
        const active = i.href === "/" ? path === "/" : under(i.href) || (i.also ?? []).some(under);
        return (
          <li key={i.href}>
            <Link
              href={i.href}
              aria-current={active ? "page" : undefined}
              className={`block rounded-md px-3 py-1.5 text-sm ${active ? "bg-white/15 font-semibold text-white" : "text-white/85 hover:bg-white/10 hover:text-white"}`}
            >
              {i.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
