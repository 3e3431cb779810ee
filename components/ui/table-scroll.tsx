/** A table that may be wider than a phone: it scrolls sideways, and the keyboard can reach it (axe scrollable-region-focusable). */
export function TableScroll({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} className="overflow-x-auto rounded focus-visible:outline-2">
      {children}
    </div>
  );
}
