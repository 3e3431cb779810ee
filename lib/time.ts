/** RFC 3339 in, Date out; a time without a zone is read as UTC (API.md conventions). */
export function parseTime(s: string): Date {
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(s);
  return new Date(hasZone ? s : /T/.test(s) ? `${s}Z` : `${s}T00:00:00Z`);
}

/**
 * A time as API.md writes it (RFC 3339, UTC, milliseconds: toISOString). Takes what the drivers give for a timestamptz
 * (a Date on both, a string from raw JSON) and epoch milliseconds. The one helper for it: no local copies.
 */
export const iso = (v: Date | string | number): string => new Date(v).toISOString();

/** iso(), with null (and undefined) kept as null: for nullable columns. */
export const isoOrNull = (v: Date | string | number | null | undefined): string | null => (v === null || v === undefined ? null : iso(v));
