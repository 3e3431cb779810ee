import { SECTIONS, type SectionKey } from "@/lib/cards/schemas";

/** The share of the nine sections that hold something, as a bar and in words; optionally which sections are missing. */
export function CompletenessMeter({
  value,
  filled,
  compact = false,
  detailClassName = "",
}: {
  value: number;
  filled?: SectionKey[];
  compact?: boolean;
  /** Classes for the details (sections count, what is still empty), e.g. to leave them out of a phone's save bar. */
  detailClassName?: string;
}) {
  const missing = filled ? SECTIONS.filter((s) => !filled.includes(s.key)) : [];
  const colour = value >= 80 ? "bg-ok" : value >= 50 ? "bg-brand" : "bg-warn";
  return (
    <div data-testid="completeness">
      <div className="flex items-baseline justify-between gap-2 text-sm">
        <span className="font-medium">
          <span data-testid="completeness-value">{value}%</span> complete
        </span>
        {filled && (
          <span className={`text-muted ${detailClassName}`}>
            {filled.length} of {SECTIONS.length} sections
          </span>
        )}
      </div>
      <div
        role="progressbar"
        aria-label="Card completeness"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={value}
        aria-valuetext={`${value}% complete`}
        className={`mt-1 w-full overflow-hidden rounded-full bg-slate-200 ${compact ? "h-1.5" : "h-2.5"}`}
      >
        <div className={`h-full ${colour}`} style={{ width: `${value}%` }} />
      </div>
      {!compact && missing.length > 0 && (
        <p className={`mt-1 text-xs text-muted ${detailClassName}`}>Still empty: {missing.map((s) => s.title).join(", ")}.</p>
      )}
    </div>
  );
}
