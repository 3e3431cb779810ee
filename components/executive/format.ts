import type { Period } from "@/lib/dashboards/executive-schemas";

export const PERIOD_LABEL: Record<Period, string> = { "30d": "last 30 days", "90d": "last 90 days", "180d": "last 180 days" };

const DATE = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
const DATE_TIME = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
  timeZone: "UTC",
});
export const day = (t: number | string) => DATE.format(new Date(t));
export const dayTime = (t: number | string) => `${DATE_TIME.format(new Date(t))} UTC`;

/** A KPI value in its unit: USD compact ($182k), % with two decimals, others as a number and the unit. */
export function kpiValue(v: number | null | undefined, unit: string): string {
  if (v === null || v === undefined) return "—";
  if (unit === "USD")
    return new Intl.NumberFormat("en-US", {
      style: "currency",
      currency: "USD",
      notation: Math.abs(v) >= 10_000 ? "compact" : "standard",
      maximumFractionDigits: 1,
    }).format(v);
  if (unit === "%") return `${v.toFixed(2)}%`;
  if (unit === "ms") return `${v < 100 ? v.toFixed(1) : Math.round(v)} ms`;
  return `${Number(v.toPrecision(4)).toLocaleString("en")} ${unit}`;
}

/** A share 0–1 as a percentage with enough digits for availability (99.95%). */
export const share = (v: number | null | undefined, digits = 1) => (v === null || v === undefined ? "—" : `${(v * 100).toFixed(digits)}%`);

/** A signed relative change: +5.8%, −4.1%. */
export function signed(v: number | null): string {
  if (v === null) return "—";
  const s = (Math.abs(v) * 100).toFixed(Math.abs(v) < 0.1 ? 2 : 1);
  return `${v > 0 ? "+" : v < 0 ? "−" : "±"}${s}%`;
}

export const STATUS_LABEL: Record<string, string> = {
  started: "started",
  progressing: "progressing",
  completed: "completed",
  rolled_back: "rolled back",
  failed: "failed",
};
