import Link from "next/link";

/** The pages of the model-risk section, in the order its tab bar shows them. */
export const RISK_SECTION = [
  { href: "/reviews", label: "Reviews" },
  { href: "/findings", label: "Findings" },
  { href: "/incidents", label: "Incidents" },
  { href: "/compliance/frameworks", label: "Frameworks" },
] as const;

/** The section's tab bar, at the top of each of its pages; `current` is the page's own entry. */
export function RiskTabs({ current }: { current: (typeof RISK_SECTION)[number]["href"] }) {
  return (
    <nav aria-label="Model risk" className="mb-4 overflow-x-auto border-b border-slate-200">
      <ul className="flex gap-1">
        {RISK_SECTION.map((t) => (
          <li key={t.href}>
            <Link
              href={t.href}
              aria-current={t.href === current ? "page" : undefined}
              className={`-mb-px block whitespace-nowrap border-b-2 px-3 py-2 text-sm ${
                t.href === current
                  ? "border-[#14324a] font-semibold text-slate-900"
                  : "border-transparent text-slate-600 hover:text-slate-900"
              }`}
            >
              {t.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
