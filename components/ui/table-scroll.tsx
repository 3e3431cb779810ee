/** A table that may be wider than a phone: it scrolls sideways, and the keyboard can reach it (axe scrollable-region-focusable). */
export function TableScroll({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <div role="region" aria-label={label} tabIndex={0} className="overflow-x-auto rounded focus-visible:outline-2">
      {children}
    </div>
  );
}
