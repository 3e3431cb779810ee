import type { Range } from "@/lib/dashboards/schemas";

/** Figures as an on-call engineer reads them. Times are UTC, labelled, as everywhere in the portal. */
export const ms = (v: number | null | undefined) =>
  v === null || v === undefined ? "—" : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v >= 100 ? Math.round(v) : v.toFixed(1)} ms`;
export const pct = (v: number | null | undefined, digits = 2) => (v === null || v === undefined ? "—" : `${(v * 100).toFixed(digits)}%`);
export const objective = (v: number) => `${Number((v * 100).toFixed(3))}%`;
export const count = (v: number) => v.toLocaleString("en");
export const burn = (v: number | null) => (v === null ? "—" : `${v >= 10 ? v.toFixed(0) : v.toFixed(1)}×`);

const clock = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "UTC" });
const clockSeconds = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit", timeZone: "UTC" });
const dayHour = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone: "UTC" });
const dayOnly = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });

export const hhmm = (t: number | string) => clock.format(new Date(t));
export const hhmmss = (t: number | string) => clockSeconds.format(new Date(t));
export const when = (t: number | string) => `${dayHour.format(new Date(t))} UTC`;
/** Axis ticks: clock times for a day or less, dates for a week. */
export const tick = (range: Range) => (t: number) => (range === "7d" ? dayOnly.format(new Date(t)) : clock.format(new Date(t)));

export const RANGE_LABEL: Record<Range, string> = { "1h": "last hour", "6h": "last 6 hours", "24h": "last 24 hours", "7d": "last 7 days" };

/** "3 h ago", "25 min ago". */
export function ago(iso: string, now: number): string {
  const min = Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000));
  if (min < 1) return "just now";
  if (min < 60) return `${min} min ago`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ${min % 60 ? `${min % 60} min ` : ""}ago`;
  return `${Math.floor(h / 24)} d ago`;
}

/** How long an episode lasted. */
export function lasted(fromIso: string, toIso: string): string {
  const min = Math.max(0, Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 60_000));
  return min < 60 ? `${min} min` : `${Math.floor(min / 60)} h ${min % 60} min`;
}
