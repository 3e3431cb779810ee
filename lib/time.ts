/** RFC 3339 in, Date out; a time without a zone is read as UTC (API.md conventions). */
export function parseTime(s: string): Date {
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(s);
  return new Date(hasZone ? s : /T/.test(s) ? `${s}Z` : `${s}T00:00:00Z`);
}

export const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
